"""One error envelope for every endpoint: ``{"code", "message", "extra"}``.

``code`` is stable and machine-readable (``rentals.vehicle_unavailable``); ``message`` is translated
into the request's language (Korean by default, English on request); ``extra`` carries details a
phone can act on, with field errors under ``extra.fields``.

Domain errors subclass :class:`ApplicationError` and are raised from services::

    class RentalError(ApplicationError):
        @classmethod
        def vehicle_unavailable(cls):
            return cls("rentals.vehicle_unavailable", _("This vehicle is not available."), status=409)
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions as drf
from rest_framework.response import Response
from rest_framework.views import set_rollback


class ApplicationError(Exception):
    """A business rule said no. Carries the envelope's parts and an HTTP status (4xx)."""

    status = 400

    def __init__(
        self, code: str, message: str, *, status: int | None = None, extra: dict | None = None
    ):
        super().__init__(message)
        self.code = code
        self.message = str(message)
        if status is not None:
            self.status = status
        self.extra = extra or {}

    def as_envelope(self) -> dict[str, Any]:
        return envelope(self.code, self.message, self.extra)


def envelope(code: str, message: str, extra: dict | None = None) -> dict[str, Any]:
    return {"code": code, "message": str(message), "extra": extra or {}}


def _field_errors(detail: Any) -> Any:
    """DRF's nested error detail → plain lists of messages, keyed like the input."""
    if isinstance(detail, dict):
        return {key: _field_errors(value) for key, value in detail.items()}
    if isinstance(detail, list):
        if all(isinstance(item, (str, drf.ErrorDetail)) for item in detail):
            return [str(item) for item in detail]
        return [_field_errors(item) for item in detail]
    return [str(detail)]


def _generic(exc: drf.APIException) -> tuple[str, str, dict]:
    if isinstance(exc, drf.ValidationError):
        detail = exc.detail
        if isinstance(detail, dict):
            fields = _field_errors(detail)
            non_field = fields.pop("non_field_errors", None)
            extra: dict = {"fields": fields}
            if non_field:
                extra["errors"] = non_field
                return "invalid", non_field[0], extra
            return "invalid", _("Some fields are not valid."), extra
        messages = _field_errors(detail)
        return (
            "invalid",
            messages[0] if messages else _("The request is not valid."),
            {"errors": messages},
        )
    if isinstance(exc, drf.NotAuthenticated):
        return "not_authenticated", _("Please log in to continue."), {}
    if isinstance(exc, drf.AuthenticationFailed):
        return "authentication_failed", _("Your login has expired or is not valid."), {}
    if isinstance(exc, drf.PermissionDenied):
        return "permission_denied", _("You do not have permission to do this."), {}
    if isinstance(exc, drf.NotFound):
        return "not_found", _("Not found."), {}
    if isinstance(exc, drf.MethodNotAllowed):
        return "method_not_allowed", _("This method is not allowed here."), {}
    if isinstance(exc, drf.NotAcceptable):
        return "not_acceptable", _("The requested response format is not available."), {}
    if isinstance(exc, drf.UnsupportedMediaType):
        return "unsupported_media_type", _("This content type is not supported."), {}
    if isinstance(exc, drf.Throttled):
        wait = int(exc.wait) if exc.wait is not None else None
        return (
            "throttled",
            _("Too many requests. Please try again later."),
            {"retry_after": wait} if wait is not None else {},
        )
    if isinstance(exc, drf.ParseError):
        return "parse_error", _("The request body could not be read."), {}
    return "error", str(exc.detail), {}


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's EXCEPTION_HANDLER: every error leaves as the envelope, and the transaction rolls back."""
    headers: dict[str, str] = {}
    if isinstance(exc, ApplicationError):
        set_rollback()
        return Response(exc.as_envelope(), status=exc.status)
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
    return Response(envelope(code, message, extra), status=exc.status_code, headers=headers)


# --- Django-level handlers, for URLs outside DRF (bad paths under /api/, crashes) ---------------


def _wants_json(request) -> bool:
    path = request.path
    return path.startswith(("/api/", "/files/", "/gbfs/", "/gtfs-rt/", "/open311/", "/healthz"))


def json_404(request, exception=None):
    if _wants_json(request):
        return JsonResponse(envelope("not_found", _("Not found.")), status=404)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def json_500(request):
    if _wants_json(request):
        return JsonResponse(
            envelope("server_error", _("Something went wrong on our side. Please try again.")),
            status=500,
        )
    from django.views.defaults import server_error

    return server_error(request)
