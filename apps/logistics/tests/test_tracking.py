"""Tracking: my parcels, the timeline with codes and ETA, the public tracking link, the live socket
for the recipient only; the KPI CSV, the home search and the privacy pair."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from rest_framework_simplejwt.tokens import AccessToken

from apps.accounts.tests.factories import UserFactory
from apps.core import privacy
from apps.core.search import search_all
from apps.logistics import facade, services
from apps.logistics.models import DeliveryAddress, Mission, Parcel
from config.asgi import application

from .factories import JANGYU, resident_with_address, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def hubs():
    return world()


def _parcel(user, hub):
    return services.parcel_intake(
        courier=None, hub_id=hub.id, kind="general", size="s", recipient_phone=user.phone
    )


def test_my_parcels_with_the_pickup_code_while_in_the_locker(hubs, make_auth_client):
    user = resident_with_address(road_address=JANGYU, mode="locker")
    parcel = _parcel(user, hubs["hub-jangyu"])
    client = make_auth_client(user)
    [row] = client.get("/api/v1/logistics/parcels/").json()
    assert row["tracking_code"] == parcel.tracking_code
    detail = client.get(
        f"/api/v1/logistics/parcels/{parcel.id}/", headers={"X-Ieum-Language": "en"}
    ).json()
    assert detail["pickup_code"] == parcel.pickup_code and detail["handover_code"] is None
    assert detail["locker_code"] == parcel.locker.code
    assert [e["label"] for e in detail["timeline"]] == ["Arrived at the hub"]
    # someone else's parcel is "not found"
    other = make_auth_client(UserFactory())
    response = other.get(f"/api/v1/logistics/parcels/{parcel.id}/")
    assert response.status_code == 404 and response.json()["code"] == "logistics.parcel_not_found"


def test_hand_over_code_eta_and_position_while_a_robot_brings_it(hubs, make_auth_client):
    user = resident_with_address(road_address=JANGYU, mode="robot")
    parcel = _parcel(user, hubs["hub-jangyu"])
    services.missions_dispatch()
    mission = Mission.objects.get()
    services.mission_advance(mission_id=mission.id, to="loading")
    services.mission_advance(mission_id=mission.id, to="departed")
    mission.machine.__class__.objects.filter(pk=mission.machine_id).update(lat=35.19, lon=128.81)
    detail = make_auth_client(user).get(f"/api/v1/logistics/parcels/{parcel.id}/").json()
    assert detail["handover_code"] == parcel.handover_code and detail["pickup_code"] is None
    assert detail["eta"] and detail["position"]["lat"] == 35.19
    assert detail["position"]["machine_kind"] == "robot"


def test_the_public_tracking_link_shows_no_codes(hubs, client):
    parcel = services.parcel_intake(
        courier=None,
        hub_id=hubs["hub-daedong"].id,
        kind="general",
        size="s",
        recipient_phone="010-7777-0000",
    )
    body = client.get(f"/api/v1/logistics/track/{parcel.tracking_code}/").json()
    assert body["status"] == "at_hub" and body["hub"]["code"] == "hub-daedong"
    assert parcel.pickup_code not in str(body)
    assert client.get("/api/v1/logistics/track/NOPE/").status_code == 404


def _token(user):
    return str(AccessToken.for_user(user))


@pytest.mark.django_db(transaction=True)
async def test_the_socket_sends_positions_to_the_recipient_only():
    hubs = await database_sync_to_async(world)()
    user = await database_sync_to_async(resident_with_address)()
    stranger = await database_sync_to_async(UserFactory)()
    parcel = await database_sync_to_async(_parcel)(user, hubs["hub-sangdong"])
    path = f"/ws/logistics/parcels/{parcel.id}/"

    refused = WebsocketCommunicator(application, f"{path}?token={_token(stranger)}")
    connected, code = await refused.connect()
    assert not connected and code == 4404
    anonymous = WebsocketCommunicator(application, path)
    connected, code = await anonymous.connect()
    assert not connected and code == 4401

    mine = WebsocketCommunicator(application, f"{path}?token={_token(user)}")
    connected, _code = await mine.connect()
    assert connected
    first = await mine.receive_json_from()
    assert first["event"] == "parcel.status" and first["data"]["status"] == "at_hub"

    def depart_and_move():
        services.missions_dispatch()
        mission = Mission.objects.get()
        services.mission_advance(mission_id=mission.id, to="loading")
        services.mission_advance(mission_id=mission.id, to="departed")
        import uuid

        from django.utils import timezone

        services._event_apply(
            mission.machine,
            {
                "event_id": uuid.uuid4(),
                "event_types": ["located"],
                "vehicle_state": "on_trip",
                "timestamp": timezone.now(),
                "location": {"lat": 35.301, "lng": 128.93},
            },
        )

    await database_sync_to_async(depart_and_move)()
    seen = []
    for _ in range(6):
        message = await mine.receive_json_from(timeout=3)
        seen.append(message["event"])
        if message["event"] == "parcel.position":
            assert message["data"]["lat"] == 35.301 and message["data"]["eta"]
            break
    assert "parcel.position" in seen
    await mine.disconnect()


def test_kpi_csv_by_mode_and_area(hubs, admin_client):
    user = resident_with_address()
    _parcel(user, hubs["hub-sangdong"])
    services.missions_dispatch()
    mission = Mission.objects.get()
    for step in ("loading", "departed", "en_route", "arrived", "handed_over"):
        services.mission_advance(mission_id=mission.id, to=step)
    response = admin_client.get("/admin/logistics/mission/stats.csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "east-sangdong,상동면 산간 지역,drone,1,0,0,100.0" in text
    page = admin_client.get("/admin/logistics/mission/")
    assert page.status_code == 200 and "stats.csv" in page.content.decode()


def test_home_search_finds_hubs_in_both_languages(hubs):
    assert any(
        h.kind == "hub" and h.title == "장유 아파트 택배거점" for h in search_all("장유", "ko")
    )
    hits = facade.search("Jangyu", "en")
    assert hits and hits[0].title.startswith("Jangyu")


def test_privacy_export_and_erase(hubs):
    user = resident_with_address()
    parcel = _parcel(user, hubs["hub-sangdong"])
    assert "logistics" in {section.name for section in privacy.sections()}
    exported = facade.user_data_export(user)
    assert exported["address"]["road_address"].startswith("경상남도 김해시 상동면")
    assert exported["parcels"][0]["tracking_code"] == parcel.tracking_code
    Parcel.objects.filter(pk=parcel.pk).update(status="collected")
    facade.user_data_erase(user)
    assert not DeliveryAddress.objects.filter(user=user).exists()
    parcel.refresh_from_db()
    assert parcel.recipient is None and parcel.recipient_phone == "" and parcel.pickup_code == ""


def test_the_admin_map_draws_areas_hubs_and_machines(hubs, admin_client):
    page = admin_client.get("/admin/logistics/servicearea/").content.decode()
    assert page.count("<polygon") == 3 and page.count("<circle") == 3 and page.count("<rect") == 5
    assert "장유 아파트 택배거점" in page


def test_the_geopy_adapter_wraps_any_geopy_geocoder(settings):
    from apps.logistics import geocoding

    settings.LOGISTICS_GEOPY_GEOCODER = "apps.logistics.tests.test_tracking.FakeGeopy"
    found = geocoding.GeopyGeocoder().geocode("김해시 상동면 상동로 1")
    assert (found.latitude, found.longitude) == (35.3, 128.93)
    assert geocoding.GeopyGeocoder().geocode("nowhere") is None


class FakeGeopy:
    """Stands in for geopy.geocoders.Nominatim: same constructor and geocode() shape."""

    def __init__(self, user_agent: str, **options):
        self.user_agent = user_agent

    def geocode(self, query, country_codes=None):
        from types import SimpleNamespace

        if "상동" not in query:
            return None
        return SimpleNamespace(address=query, latitude=35.3, longitude=128.93)


def test_retention_strips_old_finished_parcels_and_machine_trails(hubs):
    from datetime import timedelta

    from django.utils import timezone

    user = resident_with_address()
    parcel = _parcel(user, hubs["hub-sangdong"])
    Parcel.objects.filter(pk=parcel.pk).update(status="delivered", finished_at=timezone.now())
    assert services.logistics_retention_apply() == 0
    later = timezone.now() + timedelta(days=91)
    assert services.logistics_retention_apply(now=later) == 1
    parcel.refresh_from_db()
    assert (
        parcel.recipient is None and parcel.recipient_phone == "" and parcel.status == "delivered"
    )
