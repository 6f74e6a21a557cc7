from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.db.models import QuerySet

from .errors import NotificationError
from .models import Device, Notification, NotificationPreference

if TYPE_CHECKING:
    from apps.accounts.models import User


def notification_list(*, user: User) -> QuerySet[Notification]:
    """The user's inbox, newest first (the API pages it with a cursor)."""
    return Notification.objects.filter(user=user).order_by("-created_at")


def notification_unread_count(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notification_get_for_user(*, user: User, notification_id: UUID) -> Notification:
    try:
        return Notification.objects.get(id=notification_id, user=user)
    except Notification.DoesNotExist:
        raise NotificationError.not_found() from None


def preference_get(*, user: User) -> NotificationPreference:
    """The user's preferences; defaults (push on for every kind, no quiet hours) when never saved."""
    try:
        return NotificationPreference.objects.get(user=user)
    except NotificationPreference.DoesNotExist:
        return NotificationPreference(user=user)


def device_list(*, user: User) -> QuerySet[Device]:
    return Device.objects.filter(user=user)
