"""The GBFS 3.0 feed validates with gbfs-validator (MobilityData's rules, in Python)."""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from gbfs_validator import GBFS
from gbfs_validator.fetch import Fetcher, FetchError

from apps.rentals import seed, services
from apps.rentals.models import Vehicle

pytestmark = pytest.mark.django_db


class DjangoClientFetcher(Fetcher):
    """Fetches the feed's URLs through the Django test client instead of the network."""

    def __init__(self, client):
        super().__init__()
        self.client = client

    def get_json(self, url):
        response = self.client.get(urlsplit(url).path)
        if response.status_code >= 400:
            raise FetchError(url, f"{url} returned HTTP {response.status_code}")
        return response.json()


def notices(report) -> list:
    found = []
    for file in report.get("files", []):
        if file.get("hasErrors"):
            found.append((file.get("file"), file.get("errors") or file))
    return found


@pytest.fixture
def seeded():
    class Out:
        def write(self, _text):
            pass

    seed.run(Out())


@pytest.mark.parametrize("kind", [{"docked": True}, {"freefloating": True}])
def test_feed_validates(seeded, kind):
    client = Client()
    report = GBFS(
        "http://testserver/gbfs/v3/gbfs.json", fetcher=DjangoClientFetcher(client), **kind
    ).validation()
    assert report["summary"]["version"]["validated"] == "3.0"
    assert notices(report) == []
    assert report["summary"]["hasErrors"] is False
    published = {f["file"] for f in report["files"] if f.get("exists")}
    assert len(published) == 8  # gbfs.json and the seven files


def test_feed_lists_every_file_and_serves_ko_and_en(seeded, client):
    body = client.get("/gbfs/v3/gbfs.json").json()
    names = {f["name"] for f in body["data"]["feeds"]}
    assert {
        "system_information",
        "vehicle_types",
        "station_information",
        "station_status",
        "vehicle_status",
        "system_pricing_plans",
        "geofencing_zones",
    } <= names
    info = client.get("/gbfs/v3/system_information.json").json()["data"]
    assert {n["language"] for n in info["name"]} == {"ko", "en"}
    plans = client.get("/gbfs/v3/system_pricing_plans.json").json()["data"]["plans"]
    bike = next(p for p in plans if p["plan_id"] == "tagogaya-standard")
    assert bike["price"] == 500 and bike["per_min_pricing"][0] == {
        "start": 30,
        "rate": 200,
        "interval": 10,
    }
    assert client.get("/gbfs/v3/nope.json").status_code == 404


def test_vehicle_ids_rotate_after_every_trip_and_riding_vehicles_are_hidden(seeded, client, user):
    def ids():
        return {
            v["vehicle_id"]
            for v in client.get("/gbfs/v3/vehicle_status.json").json()["data"]["vehicles"]
        }

    vehicle = Vehicle.objects.get(code="TG-0001")
    before = ids()
    assert str(vehicle.public_id) in before
    rental = services.rental_unlock(user=user, code=vehicle.code)
    assert str(vehicle.public_id) not in ids()
    services.rental_end(user=user, rental_id=rental.id, station_id=vehicle.station_id)
    vehicle.refresh_from_db()
    after = ids()
    assert str(vehicle.public_id) in after
    assert len(after) == len(before) and after != before


def test_station_status_counts(seeded, client, user):
    vehicle = Vehicle.objects.get(code="TG-0001")
    station_id = str(vehicle.station_id)

    def status():
        stations = client.get("/gbfs/v3/station_status.json").json()["data"]["stations"]
        return next(s for s in stations if s["station_id"] == station_id)

    before = status()
    services.rental_unlock(user=user, code=vehicle.code)
    after = status()
    assert after["num_vehicles_available"] == before["num_vehicles_available"] - 1
    assert after["num_docks_available"] == before["num_docks_available"] + 1


def test_validator_would_catch_a_broken_file(seeded, monkeypatch):
    from apps.rentals.gbfs import feeds

    original = feeds.system_information

    def broken():
        body = original()
        del body["data"]["feed_contact_email"]
        return body

    monkeypatch.setitem(feeds.BUILDERS, "system_information", broken)
    report = GBFS(
        "http://testserver/gbfs/v3/gbfs.json", fetcher=DjangoClientFetcher(Client()), docked=True
    ).validation()
    assert report["summary"]["hasErrors"] is True
    assert [name for name, _ in notices(report)] == ["system_information.json"]
