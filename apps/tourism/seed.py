"""Demo data for `make seed`: real Gimhae places (tourist sites and light-rail stations).

apps/tourism/fixtures/gimhae_places.csv is built from the Gimhae rows of the national tourist-site
standard data, 전국관광지정보표준데이터 (data.go.kr, data date 2022-06-07) and light-rail
station coordinates © OpenStreetMap contributors (ODbL). English names of the tourist sites were
added by Ieum. 부경동물원 (Bugyeong Zoo) has closed and is loaded as not open.
"""

from pathlib import Path

from .services import place_import_csv

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "gimhae_places.csv"


def run(stdout) -> None:
    count = place_import_csv(path=FIXTURE)
    stdout.write(f"tourism: {count} Gimhae places")
