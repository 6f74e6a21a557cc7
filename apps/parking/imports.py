"""Lots from the national parking-lot standard data (전국주차장정보표준데이터, data.go.kr): one row per
lot, Korean column names, UTF-8 or CP949 (the portal's downloads are often CP949)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from .models import ParkingLot

KINDS = {
    "노상": ParkingLot.Kind.ON_STREET,
    "노외": ParkingLot.Kind.OFF_STREET,
    "부설": ParkingLot.Kind.ATTACHED,
}
REQUIRED = ("주차장관리번호", "주차장명", "위도", "경도")


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    skipped_blank: int = 0
    errors: list[str] = field(default_factory=list)


def decode(raw: bytes) -> str:
    """UTF-8 (with or without a BOM), else CP949 — a superset of EUC-KR."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp949")


def _int(value: str, column: str) -> int | None:
    value = value.replace(",", "")
    if not value:
        return None
    try:
        return int(float(value))
    except ValueError:
        raise ValueError(f"{column}: not a number ({value!r})") from None


def _row_to_fields(row: dict[str, str]) -> dict[str, Any]:
    missing = [column for column in REQUIRED if not row.get(column)]
    if missing:
        raise ValueError("missing " + ", ".join(missing))
    try:
        lat, lon = float(row["위도"]), float(row["경도"])
    except ValueError:
        raise ValueError(
            f"위도/경도: not a coordinate ({row['위도']!r}, {row['경도']!r})"
        ) from None
    if not (33 <= lat <= 39 and 124 <= lon <= 132):
        raise ValueError(f"위도/경도: outside Korea ({lat}, {lon})")
    kind = KINDS.get(row.get("주차장유형", ""), ParkingLot.Kind.OFF_STREET)
    tariff: dict[str, Any] = {"free": row.get("요금정보") == "무료"}
    for column, key in (
        ("주차기본시간", "base_minutes"),
        ("주차기본요금", "base_krw"),
        ("추가단위시간", "unit_minutes"),
        ("추가단위요금", "unit_krw"),
        ("1일주차권요금", "daily_max_krw"),
    ):
        number = _int(row.get(column, ""), column)
        if number is not None:
            tariff[key] = number
    days = row.get("운영요일", "")
    start, end = row.get("평일운영시작시각", ""), row.get("평일운영종료시각", "")
    hours = " ".join(part for part in (days, f"{start}-{end}" if start and end else "") if part)
    return {
        "name": row["주차장명"],
        "name_ko": row["주차장명"],
        "address_ko": row.get("소재지도로명주소") or row.get("소재지지번주소", ""),
        "lat": lat,
        "lon": lon,
        "kind": kind,
        "operator": row.get("관리기관명", "") or row.get("주차장구분", ""),
        "capacity": _int(row.get("주차구획수", ""), "주차구획수") or 0,
        "tariff": tariff,
        "opening_hours": hours[:200],
        "phone": row.get("전화번호", "")[:20],
        "source": "전국주차장정보표준데이터 (data.go.kr)",
    }


def lot_import_csv(*, text: str) -> ImportReport:
    """Create or update lots by 주차장관리번호. Each bad row is reported with its line number and
    skipped; the good rows are stored together (one transaction)."""
    report = ImportReport()
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "주차장관리번호" not in [f.strip() for f in reader.fieldnames]:
        report.errors.append("header: 주차장관리번호 column not found (is this the standard data?)")
        return report
    with transaction.atomic():
        for line, raw in enumerate(reader, start=2):
            row = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k}
            if not any(row.values()):
                report.skipped_blank += 1
                continue
            try:
                fields = _row_to_fields(row)
            except ValueError as error:
                report.errors.append(f"line {line}: {error}")
                continue
            _lot, created = ParkingLot.objects.update_or_create(
                code=row["주차장관리번호"], defaults=fields
            )
            if created:
                report.created += 1
            else:
                report.updated += 1
    return report
