"""Compile every gettext catalogue (locale/ and apps/*/locale/) to .mo with polib.

Used by the Makefile instead of `manage.py compilemessages`, so a fresh machine needs no GNU
gettext. Only catalogues whose .po is newer than the .mo are rewritten."""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    count = 0
    for po_path in sorted(
        [
            *ROOT.glob("locale/*/LC_MESSAGES/*.po"),
            *ROOT.glob("apps/*/locale/*/LC_MESSAGES/*.po"),
            *ROOT.glob("apps/*/*/locale/*/LC_MESSAGES/*.po"),  # a part of an app (chat/civic)
        ]
    ):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        count += 1
    print(f"compiled {count} catalogue(s)")


if __name__ == "__main__":
    main()
