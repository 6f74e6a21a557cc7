"""Celery tasks: thin, take ids, safe to run twice (the service claims each row before sending)."""

from celery import shared_task

from apps.core import periodic

from . import services


@shared_task
def push_notifications(notification_ids: list[str]) -> None:
    for notification_id in notification_ids:
        services.notification_push(notification_id=notification_id)


@shared_task
def send_broadcast_batch(broadcast_id: str, message: dict, after: str | None = None) -> None:
    last = services.announcement_broadcast_batch(
        broadcast_id=broadcast_id, message=message, after=after
    )
    if last is not None:
        send_broadcast_batch.delay(broadcast_id, message, after=last)


@shared_task
def release_held_pushes() -> int:
    return services.held_pushes_release()


# Pushes held back during quiet hours go out within a minute of the quiet hours ending.
periodic.every(60, "apps.notifications.tasks.release_held_pushes")
