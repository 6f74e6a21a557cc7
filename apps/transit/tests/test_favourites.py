"""Favourite stops: the API, and "bus N arrives in 3 minutes" sent once per bus."""

from datetime import timedelta

import pytest

from apps.accounts.tests.factories import UserFactory
from apps.notifications.models import Notification
from apps.transit.models import FavouriteArrivalNotice, FavouriteStop
from apps.transit.realtime import predictions, simulator, tago
from apps.transit.realtime.refresh import live_refresh

from .live_helpers import FakeTagoHttp, at, live_cache_cleared  # noqa: F401

pytestmark = pytest.mark.django_db

URL = "/api/v1/transit/favourites/"


def test_favourites_need_a_login(api_client, demo_feed):
    assert api_client.get(URL).status_code == 401
    assert api_client.post(URL, {"stop_id": "B"}).status_code == 401


def test_add_list_update_and_remove(auth_client, user, demo_feed, django_assert_num_queries):
    created = auth_client.post(URL, {"stop_id": "B", "notify_minutes": 5}, format="json")
    assert created.status_code == 201
    assert created.json()["stop"]["name"] == "Bravo"
    again = auth_client.post(URL, {"stop_id": "B", "notify_minutes": 2}, format="json")
    assert again.status_code == 200 and again.json()["notify_minutes"] == 2
    auth_client.post(URL, {"stop_id": "C"}, format="json")
    # other people's favourites are not mine
    FavouriteStop.objects.create(user=UserFactory(), feed_name="demo", stop_id="D")

    with django_assert_num_queries(5):  # auth, consents, feed, favourites, their stops
        listed = auth_client.get(URL)
    assert [(f["stop_id"], f["notify_minutes"]) for f in listed.json()] == [("B", 2), ("C", 3)]

    assert auth_client.delete(f"{URL}B/").status_code == 204
    assert list(FavouriteStop.objects.filter(user=user).values_list("stop_id", flat=True)) == ["C"]


def test_bad_input_changes_nothing_and_speaks_korean_and_english(auth_client, user, demo_feed):
    unknown = auth_client.post(URL, {"stop_id": "ZZ"}, format="json")
    assert unknown.status_code == 404 and unknown.json()["code"] == "transit.stop_not_found"
    too_long = auth_client.post(URL, {"stop_id": "B", "notify_minutes": 99}, format="json")
    assert too_long.status_code == 400
    assert not FavouriteStop.objects.filter(user=user).exists()

    ko = auth_client.delete(f"{URL}B/")
    assert ko.status_code == 404
    assert ko.json()["code"] == "transit.favourite_not_found"
    assert ko.json()["message"] == "즐겨찾는 정류장이 아닙니다."
    # the saved preference speaks for a signed-in user
    user.preferred_language = "en"
    user.save(update_fields=["preferred_language"])
    en = auth_client.delete(f"{URL}B/")
    assert en.json()["message"] == "This stop is not among your favourites."


def _s1_arrival_at_b():
    delay = simulator.trip_delay(
        seed=simulator.DEFAULT_SEED,
        feed_name="demo",
        service_day=at(8, 0).date(),
        trip_id="S1",
        mode="bus",
    )
    return at(8, 30) + timedelta(seconds=delay)


def test_a_favourite_stop_is_told_once_when_its_bus_is_near(demo_feed):
    rider = UserFactory()
    quiet = UserFactory()
    FavouriteStop.objects.create(user=rider, feed_name="demo", stop_id="B", notify_minutes=3)
    FavouriteStop.objects.create(user=quiet, feed_name="demo", stop_id="B", notify_minutes=0)
    arrival = _s1_arrival_at_b()

    live_refresh(now=arrival - timedelta(minutes=5))  # too early
    assert not Notification.objects.exists()

    live_refresh(now=arrival - timedelta(minutes=2))
    live_refresh(now=arrival - timedelta(seconds=105))  # the next ticks: the same bus
    live_refresh(now=arrival - timedelta(seconds=90))
    (notice,) = Notification.objects.all()
    assert notice.user == rider and notice.kind == "transit"
    assert notice.title_ko == "Bravo"
    assert notice.body_ko == "1번 버스가 2분 후 도착합니다"
    assert notice.body_en == "Bus 1 arrives in 2 minutes"
    assert notice.data["trip_id"] == "S1"
    assert FavouriteArrivalNotice.objects.get().key == "S1"


def test_tago_buses_without_ids_are_told_once_too(demo_feed):
    rider = UserFactory()
    FavouriteStop.objects.create(user=rider, feed_name="demo", stop_id="B", notify_minutes=3)
    client = tago.TagoClient(
        key="K", http_get=FakeTagoHttp({("arrivals", "GMB383"): "arrivals_single.json"})
    )
    from apps.transit.models import TagoIdMapping

    TagoIdMapping.objects.create(kind="stop", tago_id="GMB383", gtfs_id="B")
    TagoIdMapping.objects.create(kind="route", tago_id="GMB10010", gtfs_id="S")
    for seconds in (0, 15, 30):  # 130 s away each time as TAGO re-estimates: the same bus
        now = int(at(8, 28, seconds).timestamp())
        poll = tago.tago_poll(feed=demo_feed, client=client, now=now)
        predictions.live_publish(feed=demo_feed, arrivals=poll.arrivals, vehicles=[], now=now)
    (notice,) = Notification.objects.all()
    assert notice.body_ko == "10번 버스가 2분 후 도착합니다"


def test_favourites_are_in_the_privacy_export_and_erased(user, demo_feed):
    from apps.core import privacy

    FavouriteStop.objects.create(user=user, feed_name="demo", stop_id="B")
    section = next(s for s in privacy.sections() if s.name == "transit")
    assert section.export(user)["favourite_stops"][0]["stop_id"] == "B"
    section.erase(user)
    assert not FavouriteStop.objects.filter(user=user).exists()


def test_a_train_is_announced_as_a_train(demo_feed):
    # route X of the test feed is rail (route_type 2): X1 leaves A 08:20, reaches C 08:40
    rider = UserFactory()
    FavouriteStop.objects.create(user=rider, feed_name="demo", stop_id="C", notify_minutes=5)
    delay = simulator.trip_delay(
        seed=simulator.DEFAULT_SEED,
        feed_name="demo",
        service_day=at(8, 0).date(),
        trip_id="X1",
        mode="rail",
    )
    live_refresh(now=at(8, 37) + timedelta(seconds=delay))
    (notice,) = Notification.objects.filter(data__trip_id="X1")
    assert notice.body_ko == "X 열차가 3분 후 도착합니다"
    assert notice.body_en == "X train arrives in 3 minutes"
