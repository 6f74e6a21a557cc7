"""What a device is told when its request is refused, and why we refused it (logged).

A device learns only what it can act on. Whether a key id is unknown or the signature is wrong is
one answer (``devices.signature_invalid``), so the endpoint cannot be used to probe key ids. A key's
state (revoked, expired, device disabled) is told only to a request that proved it holds the
secret. A stale timestamp is explicit, with the server time, so a device can fix its clock.
"""

from enum import StrEnum

from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError, ErrorCode


class DeviceErrorCode(ErrorCode):
    HEADERS_MISSING = "devices.headers_missing"
    TIMESTAMP_STALE = "devices.timestamp_stale"
    SIGNATURE_INVALID = "devices.signature_invalid"
    BODY_HASH_MISMATCH = "devices.body_hash_mismatch"
    NONCE_REPLAYED = "devices.nonce_replayed"
    KEY_REVOKED = "devices.key_revoked"
    KEY_EXPIRED = "devices.key_expired"
    DEVICE_DISABLED = "devices.device_disabled"
    KIND_NOT_ALLOWED = "devices.kind_not_allowed"
    UNAVAILABLE = "devices.unavailable"


class RefusalReason(StrEnum):
    """Logged (logger ``ieum.devices``) and kept on the device as ``last_refusal_reason``."""

    MISSING_HEADERS = "missing_headers"
    STALE_TIMESTAMP = "stale_timestamp"
    UNKNOWN_KEY = "unknown_key"
    BAD_SIGNATURE = "bad_signature"
    BODY_HASH_MISMATCH = "body_hash_mismatch"
    REPLAYED_NONCE = "replayed_nonce"
    REVOKED_KEY = "revoked_key"
    EXPIRED_KEY = "expired_key"
    DISABLED_DEVICE = "disabled_device"
    KIND_NOT_ALLOWED = "kind_not_allowed"
    INTERNAL_ERROR = "internal_error"


class DeviceError(ApplicationError):
    status = 401

    @classmethod
    def headers_missing(cls):
        return cls(
            DeviceErrorCode.HEADERS_MISSING,
            _(
                "This endpoint needs a signed device request: X-Ieum-Key, X-Ieum-Timestamp, "
                "X-Ieum-Nonce and X-Ieum-Signature, well formed."
            ),
        )

    @classmethod
    def timestamp_stale(cls, *, server_time: int, window: int):
        return cls(
            DeviceErrorCode.TIMESTAMP_STALE,
            _(
                "The request's timestamp is too far from the server's clock. Check the device clock."
            ),
            extra={"server_time": server_time, "window_seconds": window},
        )

    @classmethod
    def signature_invalid(cls):
        return cls(
            DeviceErrorCode.SIGNATURE_INVALID,
            _("The request signature is not valid for this key."),
        )

    @classmethod
    def body_hash_mismatch(cls):
        return cls(
            DeviceErrorCode.BODY_HASH_MISMATCH,
            _("The body does not match its X-Ieum-Content-SHA256 hash."),
        )

    @classmethod
    def nonce_replayed(cls):
        return cls(
            DeviceErrorCode.NONCE_REPLAYED,
            _("This nonce was already used. Send every request with a new nonce."),
        )

    @classmethod
    def key_revoked(cls):
        return cls(DeviceErrorCode.KEY_REVOKED, _("This device key has been revoked."))

    @classmethod
    def key_expired(cls):
        return cls(
            DeviceErrorCode.KEY_EXPIRED,
            _("This device key has expired. Use the device's new key."),
        )

    @classmethod
    def device_disabled(cls):
        return cls(DeviceErrorCode.DEVICE_DISABLED, _("This device has been disabled."))

    @classmethod
    def kind_not_allowed(cls):
        return cls(
            DeviceErrorCode.KIND_NOT_ALLOWED,
            _("This kind of device may not use this endpoint."),
            status=403,
        )

    @classmethod
    def unavailable(cls):
        return cls(
            DeviceErrorCode.UNAVAILABLE,
            _("The request could not be verified right now. Please try again later."),
            status=503,
        )
