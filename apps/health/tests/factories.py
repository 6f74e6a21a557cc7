import datetime

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from apps.accounts.tests.factories import UserFactory
from apps.health.models import Measurement, Participation, Programme


def staff_user(*, department: str | None = "health"):
    user = UserFactory(is_staff=True)
    if department:
        user.groups.add(Group.objects.get_or_create(name=department)[0])
    return user


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    code = factory.Sequence(lambda n: f"programme-{n}")
    kind = Programme.Kind.CHILD_BOOTH
    name_ko = "어린이 비만 관리"
    name_en = "Child weight programme"


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    programme = factory.SubFactory(ProgrammeFactory)
    user = factory.SubFactory(UserFactory)
    joined_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    user = factory.SubFactory(UserFactory)
    code = "29463-7"
    value = 70.0
    unit = "kg"
    measured_at = factory.LazyFunction(timezone.now)
    source = Measurement.Source.MANUAL
