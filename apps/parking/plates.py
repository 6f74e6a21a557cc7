"""Korean vehicle registration plates (자동차 등록번호판): validation and one spelling.

Accepted, after removing spaces and hyphens:

- ``12가3456`` — two digits, one Hangul syllable, four digits (before 2019);
- ``123가4567`` — three digits (2019 onwards);
- ``서울12가3456`` / ``경남12가3456`` — the old regional plates with a province or city prefix.

The syllable is one of the registration syllables (가나다…, 바사아자, 배, 허하호, 육해공국합 and
the commercial 아바사자/배). The normal form has no spaces, so the same car typed "12 가 3456" or
"12가 3456" is one plate.
"""

from __future__ import annotations

import hashlib
import re

REGIONS = (
    "서울",
    "부산",
    "대구",
    "인천",
    "광주",
    "대전",
    "울산",
    "세종",
    "경기",
    "강원",
    "충북",
    "충남",
    "전북",
    "전남",
    "경북",
    "경남",
    "제주",
)
SYLLABLES = (
    "가나다라마거너더러머버서어저고노도로모보소오조구누두루무부수우주바사아자배하허호육해공국합"
)
_PATTERN = re.compile(
    rf"^(?:(?P<region>{'|'.join(REGIONS)})(?P<old>\d{{2}})|(?P<new>\d{{2,3}}))"
    rf"(?P<syllable>[{SYLLABLES}])(?P<serial>\d{{4}})$"
)


def plate_normalise(raw: str) -> str | None:
    """The plate without spaces or hyphens, or None when it is not a Korean plate."""
    plate = re.sub(r"[\s\-]+", "", raw or "")
    match = _PATTERN.match(plate)
    if match is None:
        return None
    if match.group("serial") == "0000":
        return None
    return plate


def plate_hash(plate: str) -> str:
    """SHA-256 (hex) of the normalised plate: how parking-sharing operators name a car without
    sending the plate (docs/parking.md)."""
    return hashlib.sha256(plate.encode()).hexdigest()
