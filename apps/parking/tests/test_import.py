"""manage.py import_parking_lots on a tiny invented CSV in the national standard data's columns."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from apps.parking.models import ParkingLot

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "lots_invented.csv"  # invented rows, real column names


def run(path):
    out, err = StringIO(), StringIO()
    call_command("import_parking_lots", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949"])
def test_import_reads_utf8_and_cp949_trims_and_reports_bad_rows(tmp_path, encoding):
    path = tmp_path / "lots.csv"
    path.write_bytes(DATA.read_text(encoding="utf-8").encode(encoding))
    out, err = run(path)
    assert "2 created, 0 updated, 2 rows with errors, 1 blank rows skipped" in out
    assert "line 5: missing 위도, 경도" in err
    assert "line 6: 주차기본시간: not a number ('삼십')" in err
    lot = ParkingLot.objects.get(code="999-0-000001")
    assert lot.name_ko == "시험 노외주차장" and lot.kind == "off_street" and lot.capacity == 120
    assert lot.tariff == {
        "free": False,
        "base_minutes": 30,
        "base_krw": 500,
        "unit_minutes": 10,
        "unit_krw": 200,
        "daily_max_krw": 6000,
    }
    assert lot.opening_hours == "평일+토요일 09:00-18:00"
    street = ParkingLot.objects.get(code="999-0-000002")
    assert street.kind == "on_street" and street.tariff == {"free": True}
    assert (
        street.address_ko == "경상남도 김해시 시험동 2"
    )  # the lot-number address when no road one


def test_import_again_updates_instead_of_duplicating(tmp_path):
    run(DATA)
    out, _err = run(DATA)
    assert "0 created, 2 updated" in out
    assert ParkingLot.objects.count() == 2


def test_a_file_that_is_not_the_standard_data_says_so(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("name,lat\nx,1\n", encoding="utf-8")
    _out, err = run(path)
    assert "주차장관리번호 column not found" in err
