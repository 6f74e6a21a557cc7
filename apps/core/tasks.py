"""Core's periodic jobs (registered in CoreConfig.ready()); each is safe to run twice."""

from celery import shared_task

from apps.core.devices import services as devices


@shared_task
def prune_device_nonces() -> int:
    return devices.device_nonce_prune()


@shared_task
def beat_heartbeat() -> None:
    """Scheduled by beat; /healthz reports beat missing when this stops arriving."""
    from apps.core.heartbeats import heartbeat_record

    heartbeat_record(name="beat")
