"""Writes for notifications: the inbox, read state, preferences, devices, phone push."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Count
from django.utils import timezone, translation

from apps.core.audit import audit_record
from apps.core.events import publish, user_group

from . import fcm, selectors
from .errors import NotificationError
from .models import Device, Notification, NotificationPreference

if TYPE_CHECKING:
    from apps.accounts.models import User

logger = logging.getLogger(__name__)

SEOUL = ZoneInfo("Asia/Seoul")
LANGUAGES = ("ko", "en")
# the per-language renderings on a channel-layer message; consumers strip it before sending
TRANSLATIONS_KEY = "_translations"
UNSET: Any = object()


# --- Serialising for clients ---------------------------------------------------------------------


def notification_serialize(*, notification: Notification, language: str) -> dict[str, Any]:
    """The notification as the API shows it, in ``language``, as plain JSON types (the Redis
    channel layer carries msgpack, which knows no UUIDs or datetimes)."""
    from .api.serializers import NotificationOutput

    with translation.override(language or "ko"):
        data = NotificationOutput(notification).data
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _publish_created(
    notifications: list[Notification],
    *,
    languages: dict[UUID, str],
    unread: dict[UUID, int],
) -> None:
    for notification in notifications:
        # Both languages travel to the consumer: a socket opened with ``?lang=`` (the device's
        # language) gets that one, any other the account's preference (consumers.py).
        rendered = {
            language: notification_serialize(notification=notification, language=language)
            for language in LANGUAGES
        }
        preferred = languages.get(notification.user_id) or "ko"
        publish(
            user_group(notification.user_id),
            "notification.created",
            {
                "notification": rendered.get(preferred, rendered["ko"]),
                "unread": unread.get(notification.user_id, 0),
                TRANSLATIONS_KEY: rendered,
            },
        )
    ids = [str(notification.id) for notification in notifications]

    def queue_push() -> None:
        from .tasks import push_notifications

        for start in range(0, len(ids), 500):
            push_notifications.delay(ids[start : start + 500])

    transaction.on_commit(queue_push)


def _publish_unread(*, user: User) -> None:
    unread = selectors.notification_unread_count(user=user)
    publish(user_group(user.id), "notification.read", {"unread": unread})


def _check_kind(kind: str) -> None:
    if kind not in Notification.Kind.values:
        raise NotificationError.unknown_kind([kind])


# --- Creating -----------------------------------------------------------------------------------


@transaction.atomic
def notify(
    *,
    user: User,
    kind: str,
    title_ko: str,
    title_en: str,
    body_ko: str,
    body_en: str,
    data: dict[str, Any] | None = None,
) -> Notification:
    """Store a notification; after commit push it to the user's WebSocket group and queue FCM."""
    _check_kind(kind)
    notification = Notification.objects.create(
        user=user,
        kind=kind,
        title_ko=title_ko,
        title_en=title_en or None,
        body_ko=body_ko,
        body_en=body_en or None,
        data=data or {},
    )
    _publish_created(
        [notification],
        languages={user.id: user.preferred_language},
        unread={user.id: selectors.notification_unread_count(user=user)},
    )
    return notification


# A city-wide announcement goes out in batches from a Celery task, so one request never writes a
# row per citizen; each batch is its own transaction.
BROADCAST_BATCH = 1000


@transaction.atomic
def announcement_send(
    *,
    sender: User | None,
    user_ids: Iterable[UUID] | None,
    title_ko: str,
    title_en: str,
    body_ko: str,
    body_en: str,
    data: dict[str, Any] | None = None,
) -> int:
    """A staff announcement to the given users, or (``None``) to every active user in batches
    after commit. Returns how many users it goes to. Unknown or inactive recipients refuse the
    whole send."""
    message: dict[str, Any] = {
        "title_ko": title_ko,
        "title_en": title_en,
        "body_ko": body_ko,
        "body_en": body_en,
        "data": data or {},
    }
    users = get_user_model().objects.filter(is_active=True)
    if user_ids is None:
        count = users.count()
        broadcast_id = uuid4().hex
        message["data"] = {**message["data"], "broadcast": broadcast_id}

        def queue_first_batch() -> None:
            from .tasks import send_broadcast_batch

            send_broadcast_batch.delay(broadcast_id, message)

        transaction.on_commit(queue_first_batch)
    else:
        wanted = set(user_ids)
        found = set(users.filter(id__in=wanted).values_list("id", flat=True))
        missing = sorted(str(user_id) for user_id in wanted - found)
        if missing:
            raise NotificationError.unknown_users(missing)
        count = _announcement_create(user_ids=sorted(found), **message)
    audit_record(
        actor=sender,
        action="notifications.announcement_sent",
        target=title_ko[:128],
        recipients=count,
        to_all=user_ids is None,
    )
    return count


def announcement_broadcast_batch(
    *, broadcast_id: str, message: dict[str, Any], after: str | None = None
) -> str | None:
    """Send one batch of a city-wide announcement to active users after ``after`` (by id); returns
    the last user id when more may follow. Users who already have this broadcast are skipped, so a
    batch that runs twice sends nothing twice."""
    users = get_user_model().objects.filter(is_active=True).order_by("id")
    if after:
        users = users.filter(id__gt=after)
    ids = list(users.values_list("id", flat=True)[:BROADCAST_BATCH])
    with transaction.atomic():
        already = set(
            Notification.objects.filter(
                kind=Notification.Kind.ANNOUNCEMENT, user_id__in=ids, data__broadcast=broadcast_id
            ).values_list("user_id", flat=True)
        )
        _announcement_create(user_ids=[i for i in ids if i not in already], **message)
    return str(ids[-1]) if len(ids) == BROADCAST_BATCH else None


def _announcement_create(
    *,
    user_ids: list[UUID],
    title_ko: str,
    title_en: str,
    body_ko: str,
    body_en: str,
    data: dict[str, Any],
) -> int:
    recipients = list(
        get_user_model().objects.filter(id__in=user_ids).only("id", "preferred_language")
    )
    notifications = [
        Notification(
            user_id=recipient.id,
            kind=Notification.Kind.ANNOUNCEMENT,
            title_ko=title_ko,
            title_en=title_en or None,
            body_ko=body_ko,
            body_en=body_en or None,
            data=data,
        )
        for recipient in recipients
    ]
    Notification.objects.bulk_create(notifications, batch_size=500)
    unread_rows = Notification.objects.filter(read_at__isnull=True, user_id__in=user_ids)
    unread = dict(unread_rows.values("user_id").annotate(n=Count("id")).values_list("user_id", "n"))
    _publish_created(
        notifications,
        languages={recipient.id: recipient.preferred_language for recipient in recipients},
        unread=unread,
    )
    return len(notifications)


# --- Read state ---------------------------------------------------------------------------------


@transaction.atomic
def notification_mark_read(*, user: User, notification_id: UUID) -> Notification:
    notification = selectors.notification_get_for_user(user=user, notification_id=notification_id)
    if notification.read_at is None:
        now = timezone.now()
        # compare-and-swap: two tabs marking the same notification send one event
        changed = Notification.objects.filter(id=notification.id, read_at__isnull=True).update(
            read_at=now
        )
        if changed:
            notification.read_at = now
            _publish_unread(user=user)
        else:
            notification.refresh_from_db(fields=["read_at"])
    return notification


@transaction.atomic
def notification_mark_all_read(*, user: User) -> int:
    """Mark every notification read; returns the unread count afterwards."""
    changed = Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if changed:
        _publish_unread(user=user)
    return selectors.notification_unread_count(user=user)


# --- Preferences --------------------------------------------------------------------------------


@transaction.atomic
def preference_update(
    *,
    user: User,
    quiet_hours_start: time | None = UNSET,
    quiet_hours_end: time | None = UNSET,
    kinds: dict[str, bool] | None = None,
) -> NotificationPreference:
    """Change what is given; keep the rest. Kinds map to whether phone push is on."""
    unknown = sorted(set(kinds or {}) - set(Notification.Kind.values))
    if unknown:
        raise NotificationError.unknown_kind(unknown)
    NotificationPreference.objects.get_or_create(user=user)
    preference = NotificationPreference.objects.select_for_update().get(user=user)
    if quiet_hours_start is not UNSET:
        preference.quiet_hours_start = quiet_hours_start
    if quiet_hours_end is not UNSET:
        preference.quiet_hours_end = quiet_hours_end
    start, end = preference.quiet_hours_start, preference.quiet_hours_end
    if (start is None) != (end is None):
        raise NotificationError.quiet_hours_incomplete()
    if start is not None and start == end:
        raise NotificationError.quiet_hours_empty()
    muted = set(preference.push_muted_kinds)
    for kind, push in (kinds or {}).items():
        (muted.discard if push else muted.add)(kind)
    preference.push_muted_kinds = sorted(muted)
    preference.save()
    return preference


def quiet_hours_active(*, preference: NotificationPreference, at: datetime) -> bool:
    start, end = preference.quiet_hours_start, preference.quiet_hours_end
    if start is None or end is None or start == end:
        return False
    local = at.astimezone(SEOUL).time()
    if start < end:
        return start <= local < end
    return local >= start or local < end  # across midnight, e.g. 22:00–07:00


def quiet_hours_end_after(*, preference: NotificationPreference, at: datetime) -> datetime:
    """The next moment the quiet hours end, after ``at``."""
    if preference.quiet_hours_end is None:
        return at  # no quiet hours: nothing to wait for
    local = at.astimezone(SEOUL)
    end = datetime.combine(local.date(), preference.quiet_hours_end, tzinfo=SEOUL)
    if end <= local:
        end += timedelta(days=1)
    return end


# --- Devices ------------------------------------------------------------------------------------


@transaction.atomic
def device_register(*, user: User, token: str, platform: str) -> Device:
    """Idempotent on the token: registering again updates it, and a token moves to the latest user."""
    device, _ = Device.objects.update_or_create(
        token=token, defaults={"user": user, "platform": platform}
    )
    return device


@transaction.atomic
def device_unregister(*, user: User, token: str) -> None:
    deleted, _ = Device.objects.filter(user=user, token=token).delete()
    if not deleted:
        raise NotificationError.device_not_found()


# --- Phone push ---------------------------------------------------------------------------------


def notification_push(*, notification_id: UUID | str) -> str | None:
    """Send one notification to the user's phones unless muted or in quiet hours (then held until
    they end). Safe to run twice: the row is claimed by compare-and-swap before sending, so a
    retried task never pushes the same notification twice. Returns the resulting push status."""
    notification = Notification.objects.select_related("user").filter(id=notification_id).first()
    if notification is None:
        return None
    status = notification.push_status
    Status = Notification.PushStatus
    now = timezone.now()
    if status not in (Status.PENDING, Status.HELD):
        return status
    if status == Status.HELD and notification.push_after and notification.push_after > now:
        return status

    def move(to: str, **fields: Any) -> bool:
        return bool(
            Notification.objects.filter(id=notification.id, push_status=status).update(
                push_status=to, **fields
            )
        )

    preference = selectors.preference_get(user=notification.user)
    if notification.kind in preference.push_muted_kinds or (
        status == Status.HELD and notification.read_at is not None  # already seen in the inbox
    ):
        move(Status.SKIPPED)
        return Status.SKIPPED
    if quiet_hours_active(preference=preference, at=now):
        move(Status.HELD, push_after=quiet_hours_end_after(preference=preference, at=now))
        return Status.HELD
    if not move(Status.SENT):
        return Notification.objects.values_list("push_status", flat=True).get(id=notification.id)
    tokens = list(
        Device.objects.filter(user_id=notification.user_id).values_list("token", flat=True)
    )
    with translation.override(notification.user.preferred_language or "ko"):
        message = fcm.PushMessage(
            title=notification.title,
            body=notification.body,
            data=fcm.string_data(
                {"notification_id": str(notification.id), "kind": notification.kind}
                | notification.data
            ),
        )
    invalid = fcm.send(tokens, message)
    if invalid:
        pruned, _ = Device.objects.filter(token__in=invalid).delete()
        logger.info("pruned %d invalid FCM token(s)", pruned)
    return Status.SENT


def held_pushes_release(*, now: datetime | None = None, limit: int = 1000) -> int:
    """Send the pushes held for quiet hours that have ended. Returns how many were tried."""
    now = now or timezone.now()
    ids = list(
        Notification.objects.filter(
            push_status=Notification.PushStatus.HELD, push_after__lte=now
        ).values_list("id", flat=True)[:limit]
    )
    for notification_id in ids:
        notification_push(notification_id=notification_id)
    return len(ids)


# --- Privacy ------------------------------------------------------------------------------------


def user_data_erase(*, user: User) -> None:
    with transaction.atomic():
        Notification.objects.filter(user=user).delete()
        Device.objects.filter(user=user).delete()
        NotificationPreference.objects.filter(user=user).delete()
