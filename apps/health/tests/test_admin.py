"""The health department's admin: programme statistics from level-1/2 sharing only and the
satisfaction KPI; the consent ledger and the access log are read-only."""

import pytest

from apps.accounts.tests.factories import UserFactory
from apps.health import services
from apps.health.models import ConsentRecord

from .factories import ParticipationFactory

pytestmark = pytest.mark.django_db


def test_programme_list_shows_sharing_statistics_and_satisfaction(admin_client):
    for level in (0, 1, 2):
        user = UserFactory()
        services.profile_update(user=user, sex="male", area_code="4825061000")
        services.consent_level_set(user=user, level=level, source="app")
    services.survey_submit(user=UserFactory(), slug="satisfaction", answers={"overall": "4"})
    ParticipationFactory()
    page = admin_client.get("/admin/health/programme/").content.decode()
    assert 'data-testid="health-statistics"' in page
    # members at levels 1 and 2 (and the survey-taker, at the starting level 1); never level 0
    assert "<td>3</td>" in page
    assert "100.0%" in page


def test_the_consent_ledger_cannot_be_changed_in_admin(admin_client):
    user = UserFactory()
    services.profile_ensure(user=user)
    record = ConsentRecord.objects.get(user=user)
    assert admin_client.get("/admin/health/consentrecord/add/").status_code == 403
    assert (
        admin_client.post(
            f"/admin/health/consentrecord/{record.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert ConsentRecord.objects.filter(pk=record.pk).exists()
