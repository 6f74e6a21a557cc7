"""Writes for the device registry. Secrets are returned once, at issue, and never again."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.audit import audit_record

from .models import Device, DeviceKey, DeviceNonce

if TYPE_CHECKING:
    from apps.accounts.models import User


def _new_key_id() -> str:
    return f"dk_{secrets.token_hex(12)}"


def _new_secret() -> str:
    # A recognisable prefix (secret scanners, logs) and never a leading "-" (shell tools).
    return f"dks_{secrets.token_urlsafe(32)}"


def device_register(
    *,
    name: str,
    kind: str,
    app_label: str,
    metadata: dict[str, Any] | None = None,
    actor: User | None = None,
) -> tuple[Device, str]:
    """Register a device and issue its first key. Returns the device and the key's secret (its
    key id is ``device.keys.get().key_id``)."""
    device = Device(name=name, kind=kind, app_label=app_label, metadata=metadata or {})
    device_validate(device=device)
    with transaction.atomic():
        device.save()
        audit_record(actor=actor, action="device.register", target=str(device.pk), kind=kind)
        _key, secret = device_key_issue(device=device, actor=actor)
    return device, secret


def device_validate(*, device: Device) -> None:
    device.full_clean(exclude=["last_status", "last_refusal_reason"])
    try:
        apps.get_app_config(device.app_label)
    except LookupError as exc:
        raise ValidationError(
            {
                "app_label": _("No installed app has this label: %(label)s")
                % {"label": device.app_label}
            }
        ) from exc


def device_key_issue(
    *, device: Device, expires_at: datetime | None = None, actor: User | None = None
) -> tuple[DeviceKey, str]:
    """A new key for ``device``; existing keys stay valid. Returns the key and its secret."""
    secret = _new_secret()
    key = DeviceKey.objects.create(
        device=device, key_id=_new_key_id(), secret=secret, expires_at=expires_at
    )
    audit_record(actor=actor, action="device.key_issue", target=str(device.pk), key_id=key.key_id)
    return key, secret


@transaction.atomic
def device_key_rotate(
    *, device: Device, overlap: timedelta, actor: User | None = None
) -> tuple[DeviceKey, str]:
    """Issue a new key; the device's other keys keep working until ``overlap`` has passed (not
    beyond an expiry they already had), so the device can switch without missing a request."""
    Device.objects.select_for_update().filter(pk=device.pk).first()  # one rotation at a time
    now = timezone.now()
    ends = now + max(overlap, timedelta(0))
    old = DeviceKey.objects.filter(device=device, revoked_at__isnull=True)
    old.filter(expires_at__isnull=True).update(expires_at=ends)
    old.filter(expires_at__gt=ends).update(expires_at=ends)
    key, secret = device_key_issue(device=device, actor=actor)
    audit_record(
        actor=actor,
        action="device.key_rotate",
        target=str(device.pk),
        key_id=key.key_id,
        overlap_seconds=int(overlap.total_seconds()),
    )
    return key, secret


def device_key_revoke(*, key: DeviceKey, actor: User | None = None) -> DeviceKey:
    """Stop accepting a key at once (a stolen or decommissioned key)."""
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        DeviceKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(
            revoked_at=key.revoked_at
        )
        audit_record(
            actor=actor, action="device.key_revoke", target=str(key.device_id), key_id=key.key_id
        )
    return key


def device_disable(*, device: Device, actor: User | None = None) -> Device:
    """Refuse every request of this device, whatever key it signs with (keys are kept)."""
    if device.is_active:
        device.is_active = False
        Device.objects.filter(pk=device.pk).update(is_active=False, updated_at=timezone.now())
        audit_record(actor=actor, action="device.disable", target=str(device.pk))
    return device


def device_heartbeat(*, device: Device, status: dict[str, Any]) -> Device:
    """A device's periodic "I am alive" with its status (battery, firmware, …)."""
    device.last_seen_at = timezone.now()
    device.last_status = status
    Device.objects.filter(pk=device.pk).update(last_seen_at=device.last_seen_at, last_status=status)
    return device


def device_nonce_prune(*, now: datetime | None = None) -> int:
    """Forget nonces whose requests are outside the signature window: those requests would be
    refused as stale anyway, so replaying them cannot succeed."""
    now = now or timezone.now()
    window = timedelta(seconds=settings.IEUM_DEVICE_SIGNATURE_WINDOW_SECONDS)
    deleted, _by_model = DeviceNonce.objects.filter(signed_at__lt=now - window).delete()
    return deleted
