"""OpenAPI helpers: every operation documents the error envelope for its 4xx answers."""

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


def idempotency_key_parameter(*, max_length: int = 255) -> OpenApiParameter:
    return OpenApiParameter(
        "Idempotency-Key",
        {"type": "string", "minLength": 1, "maxLength": max_length},
        OpenApiParameter.HEADER,
        required=True,
        description="A key you choose (e.g. a UUID) for this request. Retrying with the same key "
        "and the same body returns the first answer and never charges twice; the same key with a "
        "different body is refused with 409 `idempotency_key_reused`. Missing, blank or longer "
        f"than {max_length} characters: 400 `idempotency_key_required`.",
    )


IDEMPOTENCY_KEY = idempotency_key_parameter()


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


# Core's ControlCharacterMiddleware refuses a control character anywhere in the path or the query
# string with a 400 before any view runs; the schema says so on every operation that takes input.
NO_CONTROL_CHARACTERS = r"^[^\x00-\x1F\x7F]*$"
_HTTP_METHODS = ("get", "put", "post", "patch", "delete")


def document_input_rules(result, generator, request, public):
    """drf-spectacular postprocessing hook: what core's middleware enforces for every operation.

    - A free-text path or query parameter cannot hold control characters (the pattern above).
    - An optional query parameter sent empty (`?feed=`) counts as left out, as DRF reads query
      strings: `allowEmptyValue`.
    - Any operation that takes input documents the 400 envelope for refused input.
    - A cursor-paginated list answers 404 to a cursor it did not give out (DRF's rule).
    """
    for item in result.get("paths", {}).values():
        for method in _HTTP_METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            parameters = operation.get("parameters", [])
            for parameter in parameters:
                if parameter.get("in") not in ("path", "query"):
                    continue
                if parameter["in"] == "query" and not parameter.get("required"):
                    parameter["allowEmptyValue"] = True
                schema = parameter.get("schema", {})
                if schema.get("type") == "string" and not (
                    {"format", "enum", "pattern"} & schema.keys()
                ):
                    schema["pattern"] = NO_CONTROL_CHARACTERS
            takes_input = "requestBody" in operation or any(
                p.get("in") in ("path", "query") for p in parameters
            )
            responses = operation.setdefault("responses", {})
            answers_before = len(responses)
            if any(p.get("name") == "cursor" for p in parameters) and "404" not in responses:
                responses["404"] = {
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/ErrorOutput"}}
                    },
                    "description": "No such page: the cursor is not one this list gave out.",
                }
            if takes_input and "400" not in responses:
                responses["400"] = {
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/ErrorOutput"}}
                    },
                    "description": "Invalid input (`code` = `invalid`), e.g. a control character "
                    "in the address.",
                }
            if len(responses) != answers_before:
                operation["responses"] = dict(sorted(responses.items()))
    return result
