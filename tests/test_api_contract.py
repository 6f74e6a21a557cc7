"""The OpenAPI schema is a contract, and the live app keeps it.

Schemathesis loads the schema from the app (`/api/schema/`, which a test in apps/core compares with
the committed docs/api/schema.yaml) and sends generated requests to every documented operation,
in process through Django's WSGI handler, as a signed-in resident with the required consents and
the Gimhae demo data loaded. Every answer goes through all of schemathesis's checks (the CLI's
`-c all`; in the pytest integration every built-in check is on unless configured off, and none
is): no 5xx, only documented status codes, content types and headers, bodies that match the
response schemas, schema-violating input refused, schema-valid input accepted, auth enforced,
deleted things gone.

One check is tuned, not turned off: ``positive_data_acceptance`` also accepts 400, 413 and 415
for schema-valid input, because this API answers 400 when a rule says no to well-formed input
(an expired code, a coupon that does not exist, lat without lon — `errors(400)` in
apps/core/api/schema.py documents it) and 413/415 when an uploaded file's bytes are too many or
not an image, which no schema can express.

Excluded operations: none. SMS codes go to the console backend, payments to the dummy provider
(confirming a Toss payment needs an order made with the Toss provider, which a generated id never
names: it answers 404), and signed-device requests without a valid signature are refused as
documented.

A failure prints a curl command to reproduce it. Examples per operation are bounded and the seed
is fixed, so a run is repeatable and takes about a minute on two cores.
"""

import zlib
from io import StringIO

import hypothesis
import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from rest_framework_simplejwt.tokens import RefreshToken

SEED = 20240601
MAX_EXAMPLES = 10  # generated per operation in the fuzzing phase (coverage cases come on top)

APP = get_wsgi_application()

config = schemathesis.config.SchemathesisConfig.from_dict(
    {
        "seed": SEED,
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "3xx", "400", "401", "403", "404", "409", "413", "415"]
                + ["429"]
            }
        },
    }
)
schema = schemathesis.openapi.from_wsgi("/api/schema/", APP, config=config)


@pytest.fixture(scope="module")
def contract_data(django_db_setup, django_db_blocker):
    """Demo data plus a resident with a notification, a paid order, a reserved bike and a
    favourite stop; all rolled back after the module. Returns the request headers and, per path
    template, path parameters that name a real object."""
    from apps.accounts.tests.factories import UserFactory
    from apps.notifications.tests.factories import NotificationFactory
    from apps.payments.tests.factories import paid_order
    from apps.rentals import services as rentals
    from apps.rentals.models import Station, TourCourse, Vehicle
    from apps.tourism.models import Place
    from apps.transit import selectors as transit
    from apps.transit.models import Route, Stop
    from apps.transit.realtime.favourites import favourite_add

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed", stdout=StringIO())
        user = UserFactory(consents=["terms", "privacy", "location"])
        feed = transit.feed_get_live()
        stop = Stop.objects.filter(feed=feed, location_type=0).order_by("stop_id").first()
        route = Route.objects.filter(feed=feed).order_by("route_id").first()
        favourite_add(user=user, feed=feed, stop_id=stop.stop_id)
        vehicle = Vehicle.objects.filter(status=Vehicle.Status.AVAILABLE).order_by("code").first()
        rental = rentals.rental_reserve(user=user, vehicle_code=vehicle.code)
        order = paid_order(user)
        real = {
            "/api/v1/notifications/{notification_id}/read/": {
                "notification_id": str(NotificationFactory(user=user).id)
            },
            "/api/v1/payments/orders/{order_id}/": {"order_id": str(order.id)},
            "/api/v1/payments/orders/{order_id}/receipt/": {"order_id": str(order.id)},
            "/api/v1/payments/orders/{order_id}/refund/": {"order_id": str(order.id)},
            "/api/v1/rentals/courses/{course_id}/": {
                "course_id": str(TourCourse.objects.order_by("code").first().id)
            },
            "/api/v1/rentals/stations/{station_id}/": {
                "station_id": str(Station.objects.order_by("code").first().id)
            },
            "/api/v1/rentals/rentals/{rental_id}/": {"rental_id": str(rental.id)},
            "/api/v1/rentals/rentals/{rental_id}/return-place/": {"rental_id": str(rental.id)},
            "/api/v1/tourism/places/{id}/": {"id": str(Place.objects.order_by("name_ko")[0].id)},
            "/api/v1/transit/favourites/{stop_id}/": {"stop_id": stop.stop_id},
            "/api/v1/transit/routes/{route_id}/": {"route_id": route.route_id},
            "/api/v1/transit/routes/{route_id}/vehicles/": {"route_id": route.route_id},
            "/api/v1/transit/stops/{stop_id}/": {"stop_id": stop.stop_id},
            "/api/v1/transit/stops/{stop_id}/arrivals/": {"stop_id": stop.stop_id},
        }
        token = RefreshToken.for_user(user).access_token
        yield {"headers": {"Authorization": f"Bearer {token}"}, "real": real}
        transaction.set_rollback(True)


@pytest.fixture
def in_test_transaction(db):
    # As Django's test client does: the handler must not close the connection that holds the
    # test's transaction at the end of each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    # the fixtures hold data for the whole module on purpose
    suppress_health_check=[
        hypothesis.HealthCheck.function_scoped_fixture,
        hypothesis.HealthCheck.too_slow,
        hypothesis.HealthCheck.filter_too_much,
        hypothesis.HealthCheck.data_too_large,
    ],
)
def test_api_keeps_its_openapi_contract(case, contract_data, in_test_transaction):
    real = contract_data["real"].get(case.operation.path)
    is_positive = case.meta is not None and case.meta.generation.mode.is_positive
    # Generated ids almost never exist: half of the schema-valid requests name a real object
    # instead (chosen from the generated value, so a run is repeatable), so answers with bodies
    # are checked too, not only 404s.
    if real and is_positive and zlib.crc32(repr(case.path_parameters).encode()) % 2:
        case.path_parameters = {**case.path_parameters, **real}
    case.call_and_validate(headers=contract_data["headers"])
