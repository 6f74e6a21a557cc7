import io

import pytest

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

SURO = {"lat": 35.2336, "long": 128.8772}


@pytest.fixture
def categories(db):
    """The seeded departments, categories and questions (no demo requests)."""
    from apps.chat.civic import seed

    demo = seed.DEMO_REQUESTS
    seed.DEMO_REQUESTS = []
    try:
        seed.run(io.StringIO())
    finally:
        seed.DEMO_REQUESTS = demo


@pytest.fixture
def consumer_key(db):
    from apps.core.models import OpenDataConsumer
    from apps.core.open_data import open_data_key_new

    key, key_hash = open_data_key_new()
    OpenDataConsumer.objects.create(name="Fix my street Gimhae", key_hash=key_hash)
    return key


@pytest.fixture
def civil_staff(db):
    from django.contrib.auth.models import Group

    from apps.accounts.tests.factories import UserFactory

    staff = UserFactory(is_staff=True)
    staff.groups.add(Group.objects.get_or_create(name="civil_affairs")[0])
    return staff
