"""Core's periodic jobs (registered in CoreConfig.ready()); each is safe to run twice."""

from celery import shared_task

from apps.core.devices import services as devices


@shared_task
def prune_device_nonces() -> int:
    return devices.device_nonce_prune()
