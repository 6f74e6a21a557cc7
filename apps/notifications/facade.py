"""What other apps may call. Every app may notify a user::

from apps.notifications import facade as notifications

notifications.notify(
    user=user, kind="rentals", title_ko="반납 완료", title_en="Bike returned",
    body_ko="...", body_en="...", data={"rental_id": str(rental.id)},
)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import TYPE_CHECKING, Any
from uuid import UUID

from . import selectors, services
from .models import Notification

if TYPE_CHECKING:
    from apps.accounts.models import User

Kind = Notification.Kind


@dataclass(frozen=True)
class NotificationInfo:
    id: UUID
    user_id: UUID
    kind: str
    created_at: datetime


def notify(
    *,
    user: User,
    kind: str,
    title_ko: str,
    title_en: str,
    body_ko: str,
    body_en: str,
    data: dict[str, Any] | None = None,
) -> NotificationInfo:
    """Store a notification for ``user``; it reaches the inbox, open WebSockets (after commit) and
    the user's phones (FCM, respecting their preferences and quiet hours)."""
    notification = services.notify(
        user=user,
        kind=kind,
        title_ko=title_ko,
        title_en=title_en,
        body_ko=body_ko,
        body_en=body_en,
        data=data,
    )
    return NotificationInfo(
        id=notification.id,
        user_id=notification.user_id,
        kind=notification.kind,
        created_at=notification.created_at,
    )


def unread_count(*, user: User) -> int:
    return selectors.notification_unread_count(user=user)


# --- Privacy (registered with apps.core.privacy in AppConfig.ready) -------------------------------
# Positional: core.privacy calls every app's pair as export(user) / erase(user).


def user_data_export(user: User) -> dict[str, Any]:
    preference = selectors.preference_get(user=user)
    return {
        "notifications": [
            {
                "id": str(n.id),
                "kind": n.kind,
                "title_ko": n.title_ko,
                "title_en": n.title_en,
                "body_ko": n.body_ko,
                "body_en": n.body_en,
                "data": n.data,
                "created_at": n.created_at.isoformat(),
                "read_at": n.read_at.isoformat() if n.read_at else None,
            }
            for n in selectors.notification_list(user=user)
        ],
        "devices": [
            {"token": d.token, "platform": d.platform, "created_at": d.created_at.isoformat()}
            for d in selectors.device_list(user=user)
        ],
        "preferences": {
            "quiet_hours_start": _hhmm(preference.quiet_hours_start),
            "quiet_hours_end": _hhmm(preference.quiet_hours_end),
            "push_muted_kinds": list(preference.push_muted_kinds),
        },
    }


def user_data_erase(user: User) -> None:
    services.user_data_erase(user=user)


def _hhmm(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value else None
