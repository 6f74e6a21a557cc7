"""DRF glue for signed device requests: authentication, permission, throttle.

``DeviceAuthentication`` answers ``(AnonymousUser, device)``: ``request.user`` stays anonymous (a
machine is never a person) and ``request.auth`` is the :class:`Device`, with the key it signed with
at ``request.auth.signing_key``. Use them together, as core's ``DeviceApi`` does::

    authentication_classes = [DeviceAuthentication]
    permission_classes = [IsSignedDevice]        # or IsSignedDevice.of("parking_sensor")
    throttle_classes = [DeviceRateThrottle]
    device_kinds = ("parking_sensor",)           # optional, read by IsSignedDevice

Verification never touches the cache: nonces are remembered in the database, so replays are
refused even when Redis is down, and any unexpected error refuses the request (fail closed). Only
the rate limit uses the cache, and it lets requests through when the cache is down.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import authentication, permissions, throttling

from . import signing
from .errors import DeviceError, RefusalReason
from .models import Device, DeviceKey, DeviceNonce

logger = logging.getLogger("ieum.devices")

# Touch last_seen_at / last_used_at at most this often: a sensor posting every second should not
# cost an extra write per request.
_TOUCH_EVERY = timedelta(seconds=60)


class _Refused(Exception):
    def __init__(self, reason: RefusalReason, error: DeviceError, key: DeviceKey | None = None):
        self.reason, self.error, self.key = reason, error, key


def _header(request, name: str) -> str:
    return request.META.get("HTTP_" + name.upper().replace("-", "_"), "").strip()


def has_device_headers(request) -> bool:
    return any(_header(request, name) for name in signing.HEADERS)


def _record_refusal(request, reason: RefusalReason, key_id: str, key: DeviceKey | None) -> None:
    logger.warning(
        "device request refused: reason=%s key=%s method=%s path=%s",
        reason.value,
        key_id or "-",
        request.method,
        request.path,
    )
    if key is None:
        return
    try:
        Device.objects.filter(pk=key.device_id).update(
            last_refusal_at=timezone.now(), last_refusal_reason=reason.value
        )
    except Exception:  # noqa: BLE001 — the refusal stands even if we cannot note it
        logger.exception("could not record the refusal on device %s", key.device_id)


def device_request_verify(request) -> tuple[Device, DeviceKey]:
    """Verify a signed request (a Django ``HttpRequest``) and remember its nonce. Raises
    :class:`DeviceError`, after logging the reason."""
    key_id = _header(request, signing.HEADER_KEY)
    try:
        return _verify(request, key_id)
    except _Refused as refused:
        _record_refusal(request, refused.reason, key_id, refused.key)
        raise refused.error from None
    except Exception:
        # Fail closed: whatever went wrong, this request is not accepted.
        logger.exception("device request refused: reason=%s key=%s", "internal_error", key_id)
        raise DeviceError.unavailable() from None


def _verify(request, key_id: str) -> tuple[Device, DeviceKey]:
    timestamp = _header(request, signing.HEADER_TIMESTAMP)
    nonce = _header(request, signing.HEADER_NONCE)
    given = _header(request, signing.HEADER_SIGNATURE)
    if not (
        signing.KEY_ID_RE.match(key_id)
        and signing.TIMESTAMP_RE.match(timestamp)
        and signing.NONCE_RE.match(nonce)
        and signing.SIGNATURE_RE.match(given)
    ):
        raise _Refused(RefusalReason.MISSING_HEADERS, DeviceError.headers_missing())

    window = settings.IEUM_DEVICE_SIGNATURE_WINDOW_SECONDS
    now = int(timezone.now().timestamp())
    if abs(now - int(timestamp)) > window:
        raise _Refused(
            RefusalReason.STALE_TIMESTAMP,
            DeviceError.timestamp_stale(server_time=now, window=window),
        )

    body = request.body
    body_hash = signing.body_sha256(body)
    claimed_hash = _header(request, signing.HEADER_CONTENT_SHA256)
    if claimed_hash and claimed_hash.lower() != body_hash:
        raise _Refused(RefusalReason.BODY_HASH_MISMATCH, DeviceError.body_hash_mismatch())

    key = DeviceKey.objects.select_related("device").filter(key_id=key_id).first()
    if key is None:
        raise _Refused(RefusalReason.UNKNOWN_KEY, DeviceError.signature_invalid())

    canonical = signing.canonical_string(
        method=request.method,
        path=signing.canonical_path(request.path),
        query=signing.canonical_query(_query_pairs(request)),
        timestamp=timestamp,
        nonce=nonce,
        body_hash=body_hash,
    )
    expected = signing.signature(secret=key.secret, canonical=canonical)
    if not signing.signatures_match(expected, given):
        raise _Refused(RefusalReason.BAD_SIGNATURE, DeviceError.signature_invalid(), key)

    # The request proved it holds the secret: it may now learn the key's and device's state.
    moment = timezone.now()
    if key.revoked_at is not None:
        raise _Refused(RefusalReason.REVOKED_KEY, DeviceError.key_revoked(), key)
    if key.expires_at is not None and key.expires_at <= moment:
        raise _Refused(RefusalReason.EXPIRED_KEY, DeviceError.key_expired(), key)
    if not key.device.is_active:
        raise _Refused(RefusalReason.DISABLED_DEVICE, DeviceError.device_disabled(), key)

    try:
        with transaction.atomic():  # a savepoint: the failed insert must not spoil the request
            DeviceNonce.objects.create(
                key=key, nonce=nonce, signed_at=datetime.fromtimestamp(int(timestamp), tz=UTC)
            )
    except IntegrityError:
        raise _Refused(RefusalReason.REPLAYED_NONCE, DeviceError.nonce_replayed(), key) from None

    _touch(key, moment)
    device = key.device
    device.signing_key = key
    return device, key


def _query_pairs(request) -> list[tuple[str, str]]:
    return [(name, value) for name, values in request.GET.lists() for value in values]


def _touch(key: DeviceKey, moment: datetime) -> None:
    if key.last_used_at is None or moment - key.last_used_at > _TOUCH_EVERY:
        DeviceKey.objects.filter(pk=key.pk).update(last_used_at=moment)
        key.last_used_at = moment
    device = key.device
    if device.last_seen_at is None or moment - device.last_seen_at > _TOUCH_EVERY:
        Device.objects.filter(pk=device.pk).update(last_seen_at=moment)
        device.last_seen_at = moment


class DeviceAuthentication(authentication.BaseAuthentication):
    """Signed device requests (docs/devices.md). Requests without any X-Ieum-* header are left to
    other authentication classes; a partly or wrongly signed request is refused here."""

    def authenticate(self, request):
        django_request = request._request
        if not has_device_headers(django_request):
            return None
        device, _key = device_request_verify(django_request)
        return AnonymousUser(), device

    def authenticate_header(self, request):
        return signing.ALGORITHM


class IsSignedDevice(permissions.BasePermission):
    """Only requests signed by an active device key; optionally only some kinds of device, from
    ``IsSignedDevice.of("parking_sensor", ...)`` or the view's ``device_kinds`` attribute."""

    kinds: tuple[str, ...] = ()

    @classmethod
    def of(cls, *kinds: str) -> type[IsSignedDevice]:
        unknown = set(kinds) - set(Device.Kind.values)
        if unknown:
            raise ValueError(f"unknown device kinds: {sorted(unknown)}")
        name = "IsSigned" + "Or".join(k.title().replace("_", "") for k in kinds)
        return type(name, (cls,), {"kinds": tuple(kinds)})

    def has_permission(self, request, view) -> bool:
        device = request.auth
        if not isinstance(device, Device):
            _record_refusal(request, RefusalReason.MISSING_HEADERS, "", None)
            raise DeviceError.headers_missing()
        kinds = set(self.kinds) | set(getattr(view, "device_kinds", ()) or ())
        if kinds and device.kind not in kinds:
            key = device.signing_key
            _record_refusal(request, RefusalReason.KIND_NOT_ALLOWED, key.key_id, key)
            raise DeviceError.kind_not_allowed()
        return True


class DeviceRateThrottle(throttling.SimpleRateThrottle):
    """Per device key (rate ``DEFAULT_THROTTLE_RATES["device"]``, env ``IEUM_THROTTLE_DEVICE``).
    Uses the cache; when the cache is down, requests go through — only signatures fail closed."""

    scope = "device"

    def get_cache_key(self, request, view):
        device = request.auth
        if not isinstance(device, Device):
            return None
        return self.cache_format % {"scope": self.scope, "ident": device.signing_key.key_id}

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception:  # noqa: BLE001 — a cache outage must not stop the city's sensors
            logger.warning("device rate limit skipped: the cache is unavailable", exc_info=True)
            return True
