#!/usr/bin/env bash
# The browser tests drive Debian's chromium (never a downloaded browser build). Install it when
# missing and we may (root with apt-get); otherwise the e2e tests skip with a clear reason.
set -u
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/tmp/ieum-apt.log 2>&1 \
    || { echo "chromium could not be installed (see /tmp/ieum-apt.log); browser tests will skip"; }
else
  echo "chromium is not installed and cannot be installed here; browser tests will skip"
fi
exit 0
