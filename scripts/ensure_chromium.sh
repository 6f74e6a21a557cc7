#!/usr/bin/env bash
# The browser tests drive Debian's chromium (never a downloaded browser build), with a Korean font
# as every phone here has one (without it Hangul draws as boxes in screenshots, and Lighthouse
# measures the font fallback search instead of the page). Install what is missing when we may
# (root with apt-get); otherwise the e2e tests skip with a clear reason.
set -u
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
if command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list :lang=ko 2>/dev/null)" ]; then
  missing+=(fonts-nanum)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's ${missing[*]} for the browser tests…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >/tmp/ieum-apt.log 2>&1 \
    || { echo "${missing[*]} could not be installed (see /tmp/ieum-apt.log); browser tests may skip"; }
else
  echo "${missing[*]} is not installed and cannot be installed here; browser tests may skip"
fi
exit 0
