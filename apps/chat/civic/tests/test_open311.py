"""Open311 GeoReport v2 conformance: every field of every response, with its type; the errors'
shape; who may file; what the public never sees; the rate limit on filing."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from apps.accounts.tests.factories import UserFactory
from apps.chat.civic.models import CivilRequest

from .conftest import JPEG, SURO

pytestmark = pytest.mark.django_db

V2 = "/open311/v2"

SERVICE_FIELDS = {
    "service_code": str,
    "service_name": str,
    "description": str,
    "metadata": bool,
    "type": str,
    "keywords": str,
    "group": str,
}
REQUEST_FIELDS = {
    "service_request_id": (str,),
    "status": (str,),
    "status_notes": (str,),
    "service_name": (str,),
    "service_code": (str,),
    "description": (str,),
    "agency_responsible": (str,),
    "service_notice": (str,),
    "requested_datetime": (str,),
    "updated_datetime": (str,),
    "expected_datetime": (str, type(None)),
    "address": (str,),
    "address_id": (str, type(None)),
    "zipcode": (str, type(None)),
    "lat": (float, type(None)),
    "long": (float, type(None)),
    "media_url": (str, type(None)),
}


def assert_open311_error(response, status):
    assert response.status_code == status
    body = response.json()
    assert isinstance(body, list) and len(body) == 1
    assert set(body[0]) == {"code", "description"}
    assert body[0]["code"] == status and isinstance(body[0]["description"], str)
    assert body[0]["description"]
    return body[0]["description"]


def file(client, key, **fields):
    data = {"api_key": key, "service_code": "road_damage", "description": "포트홀", **SURO}
    data.update(fields)
    return client.post(f"{V2}/requests.json", data, format="multipart")


def test_services_list_every_field_with_its_type(api_client, categories):
    body = api_client.get(f"{V2}/services.json").json()
    assert len(body) >= 8
    for service in body:
        assert set(service) == set(SERVICE_FIELDS)
        for name, kind in SERVICE_FIELDS.items():
            assert isinstance(service[name], kind), name
        assert service["type"] == "realtime"
    codes = {s["service_code"]: s for s in body}
    assert {"illegal_parking", "bulky_waste", "road_damage", "street_light", "pm_parking"} <= set(
        codes
    )
    assert codes["illegal_parking"]["metadata"] is True
    assert codes["illegal_parking"]["service_name"] == "불법 주정차"
    english = api_client.get(f"{V2}/services.json", HTTP_ACCEPT_LANGUAGE="en").json()
    assert {s["service_code"]: s["service_name"] for s in english}["illegal_parking"] == (
        "Illegal parking"
    )


def test_service_definition(api_client, categories):
    body = api_client.get(f"{V2}/services/illegal_parking.json").json()
    assert body["service_code"] == "illegal_parking"
    attributes = {a["code"]: a for a in body["attributes"]}
    place = attributes["place_kind"]
    assert set(place) == {
        "variable",
        "code",
        "datatype",
        "required",
        "datatype_description",
        "order",
        "description",
        "values",
    }
    assert place["datatype"] == "singlevaluelist" and place["required"] is True
    assert isinstance(place["order"], int) and place["variable"] is True
    assert {"key": "crosswalk", "name": "횡단보도"} in place["values"]
    assert "values" not in attributes["plate"]  # a string attribute has no list


def test_unknown_service_is_a_404_in_the_standard_shape(api_client, categories):
    assert_open311_error(api_client.get(f"{V2}/services/nope.json"), 404)
    assert_open311_error(api_client.get(f"{V2}/requests/nope.json"), 404)
    assert_open311_error(api_client.get(f"{V2}/nothing-here.json"), 404)


def test_post_with_an_api_key_files_and_the_request_reads_back(
    api_client, categories, consumer_key
):
    response = file(
        api_client,
        consumer_key,
        first_name="길동",
        last_name="홍",
        email="hong@example.com",
        phone="010-1234-5678",
        **{"attribute[size]": "large"},
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert isinstance(created, list) and len(created) == 1
    assert set(created[0]) == {"service_request_id", "service_notice", "account_id"}
    request_id = created[0]["service_request_id"]
    stored = CivilRequest.objects.get(id=request_id)
    assert stored.attributes == {"size": "large"} and stored.consumer is not None
    assert stored.department_id == "roads" and stored.channel == "open311"

    body = api_client.get(f"{V2}/requests/{request_id}.json").json()
    assert len(body) == 1
    item = body[0]
    assert set(item) == set(REQUEST_FIELDS)
    for name, kinds in REQUEST_FIELDS.items():
        assert isinstance(item[name], kinds), name
    assert item["status"] == "open" and item["service_code"] == "road_damage"
    assert item["agency_responsible"] == "도로과"
    assert parse_datetime(item["requested_datetime"]).utcoffset() is not None
    # the public never sees who filed it
    text = str(body)
    for secret in ("길동", "hong@example.com", "010-1234-5678"):
        assert secret not in text
    # but the contact details are kept (encrypted) for staff
    assert "hong@example.com" in stored.contact


def test_json_post_with_header_key_and_attribute_object(api_client, categories, consumer_key):
    response = api_client.post(
        f"{V2}/requests.json",
        {
            "service_code": "street_light",
            "address_string": "김해시 가야의거리",
            "description": "꺼져 있어요",
            "attribute": {"problem": "off"},
        },
        format="json",
        HTTP_X_API_KEY=consumer_key,
    )
    assert response.status_code == 201, response.content
    stored = CivilRequest.objects.get(id=response.json()[0]["service_request_id"])
    assert stored.address == "김해시 가야의거리" and stored.lat is None


def test_multivaluelist_in_a_form(api_client, categories, consumer_key):
    response = file(
        api_client,
        consumer_key,
        service_code="bulky_waste",
        **{"attribute[items][]": ["furniture", "mattress"]},
    )
    assert response.status_code == 201, response.content
    stored = CivilRequest.objects.get(id=response.json()[0]["service_request_id"])
    assert stored.attributes == {"items": ["furniture", "mattress"]}


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"service_code": "nope"}, 404),
        ({"lat": "", "long": ""}, 400),  # no place at all
        ({"lat": 37.5665, "long": 126.978}, 400),  # Seoul: outside Gimhae
        ({"description": ""}, 400),
        ({"lat": "north"}, 400),
        ({"service_code": "street_light"}, 400),  # a required attribute is missing
        ({"service_code": "street_light", "attribute[problem]": "exploded"}, 400),
        ({"service_code": "illegal_parking", "attribute[place_kind]": "corner"}, 400),  # photo
    ],
)
def test_bad_posts_are_refused_in_the_standard_shape_and_store_nothing(
    api_client, categories, consumer_key, fields, status
):
    assert_open311_error(file(api_client, consumer_key, **fields), status)
    assert not CivilRequest.objects.exists()


def test_posting_needs_a_valid_key_or_a_login(api_client, categories, consumer_key):
    data = {"service_code": "road_damage", "description": "x", **SURO}
    url = f"{V2}/requests.json"
    assert_open311_error(api_client.post(url, data, format="multipart"), 403)
    assert_open311_error(api_client.post(url, {**data, "api_key": "od_x"}, format="multipart"), 403)
    assert not CivilRequest.objects.exists()


def test_a_logged_in_resident_files_without_a_key(make_auth_client, categories):
    user = UserFactory()
    client = make_auth_client(user)
    response = client.post(
        f"{V2}/requests.json", {"service_code": "road_damage", "description": "x", **SURO}
    )
    assert response.status_code == 201
    assert CivilRequest.objects.get().requester == user
    # without the required consents, nothing is filed
    refused = make_auth_client(UserFactory(consents=[])).post(
        f"{V2}/requests.json", {"service_code": "road_damage", "description": "x", **SURO}
    )
    assert_open311_error(refused, 403)
    assert CivilRequest.objects.count() == 1


def test_photo_upload_type_and_size_are_checked(api_client, categories, consumer_key, settings):
    text = SimpleUploadedFile("x.jpg", b"not an image at all", content_type="image/jpeg")
    assert_open311_error(file(api_client, consumer_key, media=text), 415)
    settings.CIVIC_PHOTO_MAX_BYTES = 10
    big = SimpleUploadedFile("x.jpg", JPEG, content_type="image/jpeg")
    assert_open311_error(file(api_client, consumer_key, media=big), 413)
    assert not CivilRequest.objects.exists()


def test_photo_only_through_a_signed_link_for_the_requester_and_staff(
    api_client, make_auth_client, categories, civil_staff
):
    owner = UserFactory()
    client = make_auth_client(owner)
    photo = SimpleUploadedFile("p.jpg", JPEG, content_type="image/jpeg")
    response = client.post(
        f"{V2}/requests.json",
        {"service_code": "road_damage", "description": "x", "media": photo, **SURO},
        format="multipart",
    )
    request_id = response.json()[0]["service_request_id"]
    url = f"{V2}/requests/{request_id}.json"
    assert api_client.get(url).json()[0]["media_url"] is None
    assert make_auth_client(UserFactory()).get(url).json()[0]["media_url"] is None
    own = client.get(url).json()[0]["media_url"]
    assert own and "/files/" in own
    assert b"".join(client.get(own).streaming_content) == JPEG
    assert api_client.get(own).status_code == 404  # the link is bound to the requester
    assert make_auth_client(civil_staff).get(url).json()[0]["media_url"]


def test_list_filters(api_client, categories, consumer_key):
    ids = [file(api_client, consumer_key).json()[0]["service_request_id"] for _ in range(2)]
    light = file(
        api_client, consumer_key, service_code="street_light", **{"attribute[problem]": "off"}
    ).json()[0]["service_request_id"]
    old = CivilRequest.objects.get(id=ids[0])
    CivilRequest.objects.filter(id=old.id).update(
        created_at=timezone.now() - timedelta(days=120), status="resolved"
    )

    def listed(**params):
        body = api_client.get(f"{V2}/requests.json", params).json()
        for item in body:
            assert set(item) == set(REQUEST_FIELDS)
        return {item["service_request_id"] for item in body}

    assert listed() == {ids[1], light}  # the last 90 days by default
    assert listed(service_code="street_light") == {light}
    assert listed(service_code="street_light,road_damage") == {ids[1], light}
    assert listed(service_request_id=f"{ids[0]},{light}") == {ids[0], light}
    assert listed(status="closed") == set()
    assert listed(
        status="closed",
        start_date=(timezone.now() - timedelta(days=121)).isoformat(),
        end_date=(timezone.now() - timedelta(days=100)).isoformat(),
    ) == {ids[0]}
    assert listed(status="open") == {ids[1], light}
    assert_open311_error(api_client.get(f"{V2}/requests.json", {"status": "maybe"}), 400)
    assert_open311_error(
        api_client.get(
            f"{V2}/requests.json",
            {
                "start_date": (timezone.now() - timedelta(days=200)).isoformat(),
                "end_date": timezone.now().isoformat(),
            },
        ),
        400,
    )


def test_status_follows_the_staff_workflow(api_client, categories, consumer_key, civil_staff):
    from apps.chat.civic import services

    request_id = file(api_client, consumer_key).json()[0]["service_request_id"]
    services.civil_request_update(
        actor=civil_staff, civil_request_id=request_id, status="resolved", note="보수 완료"
    )
    item = api_client.get(f"{V2}/requests/{request_id}.json").json()[0]
    assert item["status"] == "closed" and item["status_notes"] == "보수 완료"


def test_filing_is_rate_limited(api_client, categories, consumer_key, settings):
    cache.clear()
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **rates,
            "civil_request": "2/hour",
            "civil_request_key": "3/hour",
        },
    }
    user_client = api_client
    for _ in range(3):
        assert file(user_client, consumer_key).status_code == 201
    refused = file(user_client, consumer_key)
    assert_open311_error(refused, 429)
    assert int(refused["Retry-After"]) > 0
    assert CivilRequest.objects.count() == 3
    # reading is not limited by it
    assert api_client.get(f"{V2}/requests.json").status_code == 200
    cache.clear()


def test_discovery(api_client):
    body = api_client.get("/open311/discovery.json").json()
    [endpoint] = body["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2") and endpoint["formats"] == ["application/json"]


def test_list_queries_do_not_grow_with_requests(
    make_auth_client, categories, consumer_key, civil_staff, django_assert_num_queries
):
    for _ in range(5):
        file(make_auth_client(UserFactory()), consumer_key)
    staff = make_auth_client(civil_staff)
    # the staff check (groups), the requests with category and division; authentication
    with django_assert_num_queries(3):
        body = staff.get(f"{V2}/requests.json").json()
    assert len(body) == 5
