"""The probe: 10 parallel refreshes of one token all succeeded, each with a working new token."""

import pytest
from django.db import connection
from rest_framework_simplejwt.tokens import RefreshToken

from apps.accounts import services
from apps.core.errors import ApplicationError
from apps.core.testing import run_together

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises writers; the race needs PostgreSQL",
    ),
]


def test_exactly_one_of_ten_parallel_refreshes_wins(user):
    refresh = str(RefreshToken.for_user(user))
    results, failures = run_together(10, lambda: services.token_refresh(refresh=refresh))
    assert len(results) == 1
    assert failures == ["accounts.token_invalid"] * 9
    # the winner's new token works once more; the old one never again
    assert services.token_refresh(refresh=results[0]["refresh"])["access"]
    with pytest.raises(ApplicationError):
        services.token_refresh(refresh=refresh)
