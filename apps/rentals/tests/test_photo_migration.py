"""Return photos uploaded before they became private leave MEDIA_ROOT for the private storage."""

import importlib

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from apps.core.files import private_storage
from apps.rentals.models import Rental

from .conftest import JPEG
from .factories import ScooterFactory

pytestmark = pytest.mark.django_db


def a_rental(user) -> Rental:
    from apps.rentals import services

    return services.rental_unlock(user=user, code=ScooterFactory().code)


migration = importlib.import_module("apps.rentals.migrations.0003_return_photo_private")


def test_old_public_photos_move_to_the_private_storage_under_random_names(user):
    old = default_storage.save("rentals/returns/2025/05/1234.jpg", ContentFile(JPEG))
    rental = a_rental(user)
    Rental.objects.filter(id=rental.id).update(return_photo=old)
    lost = a_rental(user)
    Rental.objects.filter(id=lost.id).update(return_photo="rentals/returns/2025/05/gone.jpg")

    migration.move_return_photos(apps, None)

    name = Rental.objects.get(id=rental.id).return_photo.name
    assert name.startswith("rentals/returns/") and name.endswith(".jpg") and "1234" not in name
    with private_storage.open(name) as moved:
        assert moved.read() == JPEG
    assert not default_storage.exists(old)
    # a missing file is left for staff to see, not invented
    assert Rental.objects.get(id=lost.id).return_photo.name == "rentals/returns/2025/05/gone.jpg"
