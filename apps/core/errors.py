"""One error envelope for every endpoint: ``{"code", "message", "extra"}``.

``code`` is stable and machine-readable (``rentals.vehicle_unavailable``); ``message`` is translated
into the request's language (Korean by default, English on request); ``extra`` carries details a
phone can act on, with field errors under ``extra.fields``.

Each app names its codes in one enum (Saleor's ``*ErrorCode``), and its domain errors subclass
:class:`ApplicationError`, raised from services::

    class RentalErrorCode(ErrorCode):
        VEHICLE_UNAVAILABLE = "rentals.vehicle_unavailable"

    class RentalError(ApplicationError):
        @classmethod
        def vehicle_unavailable(cls):
            return cls(RentalErrorCode.VEHICLE_UNAVAILABLE, _("This vehicle is not available."),
                       status=409)

Every enum is collected into the OpenAPI schema (``ErrorCodeEnum``), so a phone can switch on the
code and the web client's types know every code.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions as drf
from rest_framework.response import Response
from rest_framework.views import set_rollback


class ErrorCode(StrEnum):
    """The base of every app's error-code enum; each subclass is registered for the schema."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _error_code_enums.append(cls)


_error_code_enums: list[type[ErrorCode]] = []


class CoreErrorCode(ErrorCode):
    """Codes every endpoint may answer, whatever the app."""

    INVALID = "invalid"
    PARSE_ERROR = "parse_error"
    NOT_AUTHENTICATED = "not_authenticated"
    AUTHENTICATION_FAILED = "authentication_failed"
    PERMISSION_DENIED = "permission_denied"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    NOT_ACCEPTABLE = "not_acceptable"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    THROTTLED = "throttled"
    IDEMPOTENCY_KEY_REQUIRED = "idempotency_key_required"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    SERVER_ERROR = "server_error"
    ERROR = "error"


def error_code_choices() -> list[tuple[str, str]]:
    """Every code of every app (for the schema's ``ErrorCodeEnum``)."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("errors")  # each app's errors module defines its enum
    codes = {member.value: member.name for enum in _error_code_enums for member in enum}
    return sorted(codes.items())


class ApplicationError(Exception):
    """A business rule said no. Carries the envelope's parts and an HTTP status (4xx)."""

    status = 400

    def __init__(
        self,
        code: ErrorCode,
        message: str,
        *,
        status: int | None = None,
        extra: dict | None = None,
        headers: dict[str, str] | None = None,
    ):
        if not isinstance(code, ErrorCode):
            raise TypeError(f"error codes come from an ErrorCode enum, not {code!r}")
        super().__init__(message)
        self.code = code
        self.message = str(message)
        if status is not None:
            self.status = status
        self.extra = extra or {}
        self.headers = dict(headers or {})
        if self.status == 429 and "retry_after" in self.extra:
            self.headers.setdefault("Retry-After", str(int(self.extra["retry_after"])))

    def as_envelope(self) -> dict[str, Any]:
        return envelope(self.code, self.message, self.extra)


def envelope(code: ErrorCode, message: str, extra: dict | None = None) -> dict[str, Any]:
    return {"code": str(code), "message": str(message), "extra": extra or {}}


class CoreError(ApplicationError):
    @classmethod
    def idempotency_key_required(cls, *, max_length: int = 255):
        return cls(
            CoreErrorCode.IDEMPOTENCY_KEY_REQUIRED,
            _(
                "Send an Idempotency-Key header (1 to %(max)d characters), so a retry never "
                "charges twice."
            )
            % {"max": max_length},
            status=400,
        )

    @classmethod
    def idempotency_key_reused(cls):
        return cls(
            CoreErrorCode.IDEMPOTENCY_KEY_REUSED,
            _("This Idempotency-Key was already used for a different request."),
            status=409,
        )


def _field_errors(detail: Any) -> Any:
    """DRF's nested error detail → plain lists of messages, keyed like the input."""
    if isinstance(detail, dict):
        return {key: _field_errors(value) for key, value in detail.items()}
    if isinstance(detail, list):
        if all(isinstance(item, (str, drf.ErrorDetail)) for item in detail):
            return [str(item) for item in detail]
        return [_field_errors(item) for item in detail]
    return [str(detail)]


def _generic(exc: drf.APIException) -> tuple[CoreErrorCode, str, dict]:
    if isinstance(exc, drf.ValidationError):
        detail = exc.detail
        if isinstance(detail, dict):
            fields = _field_errors(detail)
            non_field = fields.pop("non_field_errors", None)
            extra: dict = {"fields": fields}
            if non_field:
                extra["errors"] = non_field
                return CoreErrorCode.INVALID, non_field[0], extra
            return CoreErrorCode.INVALID, _("Some fields are not valid."), extra
        messages = _field_errors(detail)
        return (
            CoreErrorCode.INVALID,
            messages[0] if messages else _("The request is not valid."),
            {"errors": messages},
        )
    if isinstance(exc, drf.NotAuthenticated):
        return CoreErrorCode.NOT_AUTHENTICATED, _("Please log in to continue."), {}
    if isinstance(exc, drf.AuthenticationFailed):
        return CoreErrorCode.AUTHENTICATION_FAILED, _("Your login has expired or is not valid."), {}
    if isinstance(exc, drf.PermissionDenied):
        return CoreErrorCode.PERMISSION_DENIED, _("You do not have permission to do this."), {}
    if isinstance(exc, drf.NotFound):
        return CoreErrorCode.NOT_FOUND, _("Not found."), {}
    if isinstance(exc, drf.MethodNotAllowed):
        return CoreErrorCode.METHOD_NOT_ALLOWED, _("This method is not allowed here."), {}
    if isinstance(exc, drf.NotAcceptable):
        return (
            CoreErrorCode.NOT_ACCEPTABLE,
            _("The requested response format is not available."),
            {},
        )
    if isinstance(exc, drf.UnsupportedMediaType):
        return CoreErrorCode.UNSUPPORTED_MEDIA_TYPE, _("This content type is not supported."), {}
    if isinstance(exc, drf.Throttled):
        wait = int(exc.wait) if exc.wait is not None else None
        return (
            CoreErrorCode.THROTTLED,
            _("Too many requests. Please try again later."),
            {"retry_after": wait} if wait is not None else {},
        )
    if isinstance(exc, drf.ParseError):
        from .api.parsers import NestedTooDeep

        if isinstance(exc, NestedTooDeep):
            return CoreErrorCode.PARSE_ERROR, str(exc.detail), {}
        return CoreErrorCode.PARSE_ERROR, _("The request body could not be read."), {}
    return CoreErrorCode.ERROR, str(exc.detail), {}


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's EXCEPTION_HANDLER: every error leaves as the envelope, and the transaction rolls back."""
    headers: dict[str, str] = {}
    request = context.get("request")
    if isinstance(exc, ApplicationError):
        set_rollback()
        return _response(request, exc.status, exc.code, exc.message, exc.extra, exc.headers)
    if isinstance(exc, Http404):
        exc = drf.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = drf.PermissionDenied()
    if not isinstance(exc, drf.APIException):
        return None  # a real bug: let Django report it as a 500
    # simplejwt's InvalidToken is an AuthenticationFailed with its own code
    code, message, extra = _generic(exc)
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if isinstance(exc, drf.Throttled) and exc.wait is not None:
        headers["Retry-After"] = str(int(exc.wait))
    set_rollback()
    return _response(request, exc.status_code, code, message, extra, headers)


def _response(request, status, code, message, extra, headers) -> HttpResponse:
    shape = protocol_shape(request.path) if request is not None else None
    if shape is not None:
        response = shape(status, code, str(message))
        for name, value in headers.items():
            response[name] = value
        return response
    return Response(envelope(code, message, extra), status=status, headers=headers)


# --- Open standards answer errors in their own shape (docs/errors.md) ---------------------------
# Everything under /api/v1 (and the rest of Ieum) answers the envelope. A surface that speaks an
# open standard answers as that standard says, so a client built for the standard understands it.


def open311_error(status: int, code: ErrorCode, message: str) -> HttpResponse:
    """GeoReport v2: a list of errors, each ``{"code": <HTTP status>, "description": …}``."""
    return JsonResponse([{"code": status, "description": message}], status=status, safe=False)


_FHIR_ISSUE_CODES = {400: "invalid", 401: "login", 403: "forbidden", 404: "not-found"}
_FHIR_ISSUE_CODES |= {405: "not-supported", 409: "conflict", 410: "deleted", 429: "throttled"}


def fhir_error(status: int, code: ErrorCode, message: str) -> HttpResponse:
    """FHIR R4: an OperationOutcome resource; our code travels in ``details.coding``."""
    outcome = {
        "resourceType": "OperationOutcome",
        "issue": [
            {
                "severity": "error" if status < 500 else "fatal",
                "code": _FHIR_ISSUE_CODES.get(status, "exception" if status >= 500 else "invalid"),
                "details": {
                    "coding": [{"system": "https://ieum.gimhae.go.kr/errors", "code": str(code)}],
                    "text": message,
                },
                "diagnostics": message,
            }
        ],
    }
    return JsonResponse(outcome, status=status, content_type="application/fhir+json")


def open_data_error(status: int, code: ErrorCode, message: str) -> HttpResponse:
    """GBFS and GTFS-Realtime define no error body: the HTTP status says it, with a line of text."""
    return HttpResponse(f"{status} {message}\n", status=status, content_type="text/plain")


PROTOCOL_SHAPES: dict[str, Callable[[int, ErrorCode, str], HttpResponse]] = {
    "/open311/": open311_error,
    "/fhir/": fhir_error,
    "/api/v1/health/fhir/": fhir_error,  # the health record's FHIR R4 export and import
    "/gbfs/": open_data_error,
    "/gtfs-rt/": open_data_error,
}


def protocol_shape(path: str) -> Callable[[int, ErrorCode, str], HttpResponse] | None:
    for prefix, shape in PROTOCOL_SHAPES.items():
        if path.startswith(prefix):
            return shape
    return None


# --- Django-level handlers, for URLs outside DRF (bad paths under /api/, crashes) ---------------


def _wants_json(request) -> bool:
    return request.path.startswith(("/api/", "/files/", "/healthz"))


def bad_request_response(request, code: ErrorCode, message: str) -> HttpResponse:
    """A 400 outside DRF (middleware), in the shape the URL speaks."""
    if (shape := protocol_shape(request.path)) is not None:
        return shape(400, code, message)
    return JsonResponse(envelope(code, message), status=400)


def json_404(request, exception=None):
    message = _("Not found.")
    if (shape := protocol_shape(request.path)) is not None:
        return shape(404, CoreErrorCode.NOT_FOUND, str(message))
    if _wants_json(request):
        return JsonResponse(envelope(CoreErrorCode.NOT_FOUND, message), status=404)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def json_500(request):
    message = _("Something went wrong on our side. Please try again.")
    if (shape := protocol_shape(request.path)) is not None:
        return shape(500, CoreErrorCode.SERVER_ERROR, str(message))
    if _wants_json(request):
        return JsonResponse(envelope(CoreErrorCode.SERVER_ERROR, message), status=500)
    from django.views.defaults import server_error

    return server_error(request)
