import pytest

from apps.core import privacy
from apps.notifications.models import Device, Notification, NotificationPreference

from .factories import DeviceFactory, NotificationFactory

pytestmark = pytest.mark.django_db


def _section():
    return next(s for s in privacy.sections() if s.name == "notifications")


def test_export_and_erase_everything_about_the_user(user):
    NotificationFactory.create_batch(2, user=user, title_ko="안내")
    DeviceFactory(user=user, token="mine:1")
    NotificationPreference.objects.create(user=user, push_muted_kinds=["chat"])
    NotificationFactory()  # someone else's
    other_device = DeviceFactory()

    exported = _section().export(user)
    assert len(exported["notifications"]) == 2
    assert exported["notifications"][0]["title_ko"] == "안내"
    assert exported["devices"][0]["token"] == "mine:1"
    assert exported["preferences"]["push_muted_kinds"] == ["chat"]

    _section().erase(user)
    assert not Notification.objects.filter(user=user).exists()
    assert not Device.objects.filter(user=user).exists()
    assert not NotificationPreference.objects.filter(user=user).exists()
    assert Notification.objects.count() == 1 and Device.objects.get() == other_device
