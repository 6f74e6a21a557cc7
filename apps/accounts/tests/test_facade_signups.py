"""accounts.facade.signups_between: the sign-ups line of the Tagogaya monthly report."""

import datetime

import pytest
from django.utils import timezone

from apps.accounts import facade

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def _at(day: int, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(2026, 4, day, hour, tzinfo=timezone.get_current_timezone())


def test_signups_between_counts_accounts_created_in_the_window():
    UserFactory(date_joined=_at(1, 0))  # the first instant of the window counts
    UserFactory(date_joined=_at(15))
    UserFactory(date_joined=_at(30, 23))
    UserFactory(date_joined=_at(15), is_staff=True)  # staff accounts are not sign-ups
    UserFactory(date_joined=_at(15), anonymised_at=_at(20))  # deleted later: still signed up
    UserFactory(date_joined=datetime.datetime(2026, 5, 1, tzinfo=timezone.get_current_timezone()))
    UserFactory(date_joined=_at(1, 0) - datetime.timedelta(seconds=1))

    start = _at(1, 0)
    end = datetime.datetime(2026, 5, 1, tzinfo=timezone.get_current_timezone())
    assert facade.signups_between(start=start, end=end) == 4
    assert facade.signups_between(start=end, end=end + datetime.timedelta(days=1)) == 1
