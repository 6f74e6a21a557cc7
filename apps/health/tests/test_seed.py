import io

import pytest

from apps.health import seed
from apps.health.models import Programme

pytestmark = pytest.mark.django_db


def test_seed_adds_demo_programmes_once_and_keeps_staff_edits():
    seed.run(io.StringIO())
    programme = Programme.objects.get(code="demo-child-booth-jinyeong")
    assert programme.is_demo and Programme.objects.count() == 4
    programme.name_en = "Edited"
    programme.save()
    seed.run(io.StringIO())
    programme.refresh_from_db()
    assert programme.name_en == "Edited" and Programme.objects.count() == 4
    seed.run(io.StringIO(), reset=True)
    programme.refresh_from_db()
    assert programme.name_en == "Child weight programme booth (Youth Training Centre)"


def test_the_demo_kiosk_posts_readings_for_the_demo_member(settings):
    import random

    from apps.accounts.models import User
    from apps.health import services
    from apps.health.models import Measurement

    assert services.kiosk_simulate() == 0  # nothing seeded yet
    settings.DEBUG = True
    seed.run(io.StringIO())
    assert services.kiosk_simulate(rng=random.Random(1)) == 3
    member = User.objects.get(phone=seed.DEMO_MEMBER_PHONE)
    stored = Measurement.objects.filter(user=member)
    assert {m.source for m in stored} == {"senior_centre"} and stored.count() == 3
    assert member.health_participations.get().programme.code == "demo-senior-centres"
