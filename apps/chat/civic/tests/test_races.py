"""Races on PostgreSQL: two officers closing one request at once; one retried filing twice at
once. (SQLite serialises writes, so these run only on PostgreSQL.)"""

import pytest
from django.db import connection

from apps.accounts.tests.factories import UserFactory
from apps.chat.civic import services
from apps.chat.civic.models import CivilRequest, CivilRequestEvent
from apps.core.testing import run_together

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_two_officers_closing_at_once_close_it_once(categories, civil_staff):
    civil_request = services.civil_request_create(
        category_code="road_damage", description="x", lat=35.23, lon=128.87
    )
    services.civil_request_update(
        actor=civil_staff, civil_request_id=civil_request.id, status="in_progress"
    )

    def close():
        return services.civil_request_update(
            actor=civil_staff,
            civil_request_id=civil_request.id,
            status="rejected",
            note="중복 민원",
        )

    results, failures = run_together(2, close)
    assert len(results) == 1 and failures == ["civic.status_change_not_allowed"]
    assert CivilRequestEvent.objects.filter(request=civil_request, status="rejected").count() == 1


def test_the_same_key_twice_at_once_files_once(categories):
    user = UserFactory()

    def create():
        return services.civil_request_create_for_user(
            user=user,
            idempotency_key="same-key",
            category_code="road_damage",
            description="x",
            lat=35.23,
            lon=128.87,
        )

    results, failures = run_together(2, create)
    assert not failures and len(results) == 2
    assert len({r[0].id for r in results}) == 1
    assert CivilRequest.objects.filter(requester=user).count() == 1
