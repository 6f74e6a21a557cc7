"""OpenAPI helpers: every operation documents the error envelope for its 4xx answers."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from .serializers import ErrorOutput


def errors(*statuses: int) -> dict[int, OpenApiResponse]:
    text = {
        400: "Invalid input (`code` = `invalid`, field errors in `extra.fields`) or a rule said no.",
        401: "Not logged in or the token expired.",
        403: "Not allowed.",
        404: "Not found (or not yours).",
        409: "Conflicts with the current state.",
        413: "The file is too large (`files.too_large`, the limit in `extra.max_bytes`).",
        415: "This type of file is not accepted (`files.invalid_type`, allowed in `extra.kinds`).",
        429: "Too many requests; `extra.retry_after` seconds.",
    }
    return {s: OpenApiResponse(ErrorOutput, description=text.get(s, "Error.")) for s in statuses}


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="A key you choose (e.g. a UUID) for this request. Retrying with the same key and "
    "the same body returns the first answer and never charges twice; the same key with a "
    "different body is refused with 409 `idempotency_key_reused`. Missing or longer than the "
    "limit (255 characters; 200 for trip tickets): 400 `idempotency_key_required`.",
)


# Ieum's authentication classes subclass simplejwt's and DRF's; document them the same way.
from drf_spectacular.authentication import SessionScheme  # noqa: E402
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme  # noqa: E402


class IeumJWTScheme(SimpleJWTScheme):
    target_class = "apps.core.authentication.JWTAuthentication"
    name = "jwtAuth"


class IeumSessionScheme(SessionScheme):
    target_class = "apps.core.authentication.SessionAuthentication"
    name = "cookieAuth"


from drf_spectacular.extensions import OpenApiAuthenticationExtension  # noqa: E402


class DeviceSignatureScheme(OpenApiAuthenticationExtension):
    """Signed machine requests. OpenAPI has no HMAC scheme: documented as the key header, with
    the other headers and the canonical string in the description (and docs/devices.md)."""

    target_class = "apps.core.devices.authentication.DeviceAuthentication"
    name = "deviceSignature"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-Ieum-Key",
            "description": "Device requests carry `X-Ieum-Key` (key id, `dk_…`), "
            "`X-Ieum-Timestamp` (unix seconds, within 5 minutes of the server), `X-Ieum-Nonce` "
            "(16–64 of `A-Za-z0-9_-`, never reused) and `X-Ieum-Signature`: lower-case hex "
            "HMAC-SHA256 with the key's secret over `IEUM-HMAC-SHA256`, method, path, sorted "
            "query, timestamp, nonce and the body's SHA-256 hex, joined by newlines. "
            "See docs/devices.md.",
        }
