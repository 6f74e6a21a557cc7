"""OpenAPI helpers: every operation documents the error envelope for its 4xx answers."""

from drf_spectacular.utils import OpenApiResponse

from .serializers import ErrorOutput


def errors(*statuses: int) -> dict[int, OpenApiResponse]:
    text = {
        400: "Invalid input (`code` = `invalid`, field errors in `extra.fields`) or a rule said no.",
        401: "Not logged in or the token expired.",
        403: "Not allowed.",
        404: "Not found (or not yours).",
        409: "Conflicts with the current state.",
        429: "Too many requests; `extra.retry_after` seconds.",
    }
    return {s: OpenApiResponse(ErrorOutput, description=text.get(s, "Error.")) for s in statuses}


# Ieum's authentication classes subclass simplejwt's and DRF's; document them the same way.
from drf_spectacular.authentication import SessionScheme  # noqa: E402
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme  # noqa: E402


class IeumJWTScheme(SimpleJWTScheme):
    target_class = "apps.core.authentication.JWTAuthentication"
    name = "jwtAuth"


class IeumSessionScheme(SessionScheme):
    target_class = "apps.core.authentication.SessionAuthentication"
    name = "cookieAuth"
