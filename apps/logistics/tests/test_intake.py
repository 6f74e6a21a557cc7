"""Courier intake: a free suitable locker assigned atomically, the recipient told (push for an
account, SMS with tracking link and pick-up code for a number without one); collection; staff see
no address and a masked number; the unclaimed rule."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from apps.accounts.tests.factories import UserFactory
from apps.core.roles import Role, role_grant
from apps.core.testing import run_together
from apps.logistics import services
from apps.logistics.models import Locker, Parcel
from apps.notifications.models import Notification

from .factories import JANGYU, resident_with_address, world

pytestmark = pytest.mark.django_db

INTAKE = "/api/v1/logistics/courier/parcels/"


@pytest.fixture
def hubs():
    return world()


class Courier:
    """A courier's client: every intake with a new Idempotency-Key unless one is given."""

    def __init__(self, client):
        self.client = client

    def post(self, url, body, key=None, **kwargs):
        headers = {"Idempotency-Key": key or str(uuid.uuid4())}
        return self.client.post(url, body, headers=headers, **kwargs)


@pytest.fixture
def courier_client(make_auth_client):
    courier = UserFactory()
    role_grant(user=courier, role=Role.COURIER)
    return Courier(make_auth_client(courier))


def test_intake_assigns_the_smallest_fitting_locker_of_the_right_temperature(
    hubs, courier_client, sms_outbox
):
    hub = hubs["hub-sangdong"]
    body = {"hub": str(hub.id), "kind": "fresh", "size": "s", "recipient_phone": "010-5555-0101"}
    response = courier_client.post(INTAKE, body, format="json")
    assert response.status_code == 201, response.json()
    out = response.json()
    assert out["locker_code"] == "2-4"  # the small chilled one
    assert out["recipient_phone"] == "010-****-0101"
    assert Locker.objects.get(bank__hub=hub, code="2-4").status == "occupied"
    # the next small fresh parcel gets the medium chilled locker; then none is left
    assert courier_client.post(INTAKE, body, format="json").json()["locker_code"] == "2-3"
    refused = courier_client.post(INTAKE, body, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "logistics.no_free_locker"
    assert Parcel.objects.count() == 2


def test_a_number_without_an_account_gets_an_sms_with_the_link_and_the_pickup_code(
    hubs, courier_client, sms_outbox, django_capture_on_commit_callbacks
):
    hub = hubs["hub-daedong"]
    with django_capture_on_commit_callbacks(execute=True):
        response = courier_client.post(
            INTAKE,
            {"hub": str(hub.id), "kind": "general", "size": "m", "recipient_phone": "01055550102"},
            format="json",
        )
    parcel = Parcel.objects.get(id=response.json()["id"])
    assert parcel.recipient is None and parcel.mode == "locker"
    [sms] = sms_outbox
    assert sms.to == "+821055550102"
    assert parcel.pickup_code in sms.text
    assert f"/services/parcels/track/{parcel.tracking_code}" in sms.text
    # registering from that link makes the parcel theirs
    user = resident_with_address(phone="+821055550102", road_address=JANGYU, mode="robot")
    parcel.refresh_from_db()
    assert parcel.recipient == user


def test_a_resident_with_an_account_is_notified_and_the_saved_mode_is_used(hubs, courier_client):
    user = resident_with_address()  # 상동면, drone
    response = courier_client.post(
        INTAKE,
        {
            "hub": str(hubs["hub-sangdong"].id),
            "kind": "general",
            "size": "s",
            "recipient_phone": user.phone,
        },
        format="json",
    )
    parcel = Parcel.objects.get(id=response.json()["id"])
    assert parcel.recipient == user and parcel.mode == "drone"
    note = Notification.objects.get(user=user)
    assert note.kind == "logistics" and note.data["event"] == "arrived_at_hub"


def test_intake_needs_the_courier_role_and_a_mobile_number(hubs, make_auth_client, courier_client):
    body = {
        "hub": str(hubs["hub-jangyu"].id),
        "kind": "general",
        "size": "s",
        "recipient_phone": "x",
    }
    assert make_auth_client(UserFactory()).post(INTAKE, body, format="json").status_code == 403
    response = courier_client.post(INTAKE, body, format="json")
    assert response.status_code == 400 and response.json()["code"] == "logistics.phone_invalid"
    assert Locker.objects.filter(status="occupied").count() == 0


def test_hub_staff_see_lockers_and_parcels_without_the_address_and_with_the_number_masked(
    hubs, make_auth_client
):
    user = resident_with_address(phone="+821012341234")
    services.parcel_intake(
        courier=None,
        hub_id=hubs["hub-sangdong"].id,
        kind="general",
        size="s",
        recipient_phone=user.phone,
    )
    services.parcel_intake(
        courier=None,
        hub_id=hubs["hub-jangyu"].id,
        kind="general",
        size="s",
        recipient_phone="010-2222-3333",
    )
    staff = UserFactory()
    role_grant(user=staff, role=Role.HUB_STAFF, target=hubs["hub-sangdong"])
    client = make_auth_client(staff)
    response = client.get("/api/v1/logistics/staff/parcels/")
    assert response.status_code == 200
    [row] = response.json()  # only the hub they work at
    assert row["recipient_phone"] == "010-****-1234"
    text = response.content.decode()
    assert "1012341234" not in text and "상동로" not in text and "1001" not in text
    assert "pickup_code" not in row and "handover_code" not in row
    lockers = client.get("/api/v1/logistics/staff/lockers/").json()
    assert {lk["hub"] for lk in lockers} == {"hub-sangdong"}
    assert [lk["tracking_code"] for lk in lockers if lk["status"] == "occupied"] == [
        row["tracking_code"]
    ]
    # residents and couriers are not hub staff
    assert make_auth_client(user).get("/api/v1/logistics/staff/parcels/").status_code == 403


def test_collecting_with_the_pickup_code_frees_the_locker(hubs, make_auth_client):
    parcel = services.parcel_intake(
        courier=None,
        hub_id=hubs["hub-jangyu"].id,
        kind="general",
        size="s",
        recipient_phone="010-2222-4444",
    )
    staff = UserFactory()
    role_grant(user=staff, role=Role.HUB_STAFF, target=hubs["hub-jangyu"])
    client = make_auth_client(staff)
    url = "/api/v1/logistics/staff/parcels/collect/"
    wrong = client.post(
        url,
        {
            "tracking_code": parcel.tracking_code,
            "pickup_code": "000000" if parcel.pickup_code != "000000" else "111111",
        },
        format="json",
    )
    assert wrong.status_code == 400 and wrong.json()["code"] == "logistics.pickup_code_invalid"
    ok = client.post(
        url,
        {"tracking_code": parcel.tracking_code, "pickup_code": parcel.pickup_code},
        format="json",
    )
    assert ok.status_code == 200 and ok.json()["status"] == "collected"
    assert Locker.objects.filter(status="occupied").count() == 0


def test_unclaimed_parcels_go_back_to_the_sender_and_the_recipient_is_told(hubs):
    user = resident_with_address(road_address=JANGYU, mode="locker")
    parcel = services.parcel_intake(
        courier=None,
        hub_id=hubs["hub-jangyu"].id,
        kind="general",
        size="s",
        recipient_phone=user.phone,
    )
    assert services.parcels_unclaimed_return() == 0
    later = timezone.now() + timedelta(days=8)
    assert services.parcels_unclaimed_return(now=later) == 1
    parcel.refresh_from_db()
    assert parcel.status == "returned" and parcel.locker is None
    assert Notification.objects.filter(user=user, data__event="returned").exists()
    assert Locker.objects.filter(status="occupied").count() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
def test_parallel_intakes_never_put_two_parcels_in_one_locker():
    hubs = world()
    hub = hubs["hub-jangyu"]
    ambient = Locker.objects.filter(bank__hub=hub, temperature="ambient").count()

    def work():
        return services.parcel_intake(
            courier=None, hub_id=hub.id, kind="general", size="s", recipient_phone="010-3333-4444"
        ).locker_id

    results, failures = run_together(ambient + 4, work)
    assert len(results) == ambient
    assert len(set(results)) == ambient  # never two parcels in one locker
    assert failures == ["logistics.no_free_locker"] * 4
    assert Locker.objects.filter(bank__hub=hub, temperature="ambient", status="free").count() == 0


def test_a_retried_intake_gets_the_first_answer_and_never_a_second_locker(hubs, courier_client):
    body = {
        "hub": str(hubs["hub-jangyu"].id),
        "kind": "general",
        "size": "s",
        "recipient_phone": "010-5555-0103",
    }
    first = courier_client.post(INTAKE, body, key="k-1", format="json")
    again = courier_client.post(INTAKE, body, key="k-1", format="json")
    assert first.status_code == 201 and again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert Parcel.objects.count() == 1 and Locker.objects.filter(status="occupied").count() == 1
    other = courier_client.post(INTAKE, {**body, "size": "m"}, key="k-1", format="json")
    assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"
    missing = courier_client.client.post(INTAKE, body, format="json")
    assert missing.status_code == 400 and missing.json()["code"] == "idempotency_key_required"
