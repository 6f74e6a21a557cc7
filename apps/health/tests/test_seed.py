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
