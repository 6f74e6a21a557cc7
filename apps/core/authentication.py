"""DRF authentication that also switches the response language.

The language of a response, strongest first:
1. the device's ``X-Ieum-Language: ko|en`` header — the web client sends its own language with every
   request, so a phone set to English shows English even on an account saved as Korean (for this
   request only: the account's preference, which pushes and SMS use, changes only through the
   profile update endpoint);
2. the account's saved preference;
3. ``Accept-Language`` (LocaleMiddleware has already applied it before authentication runs).
"""

from django.conf import settings
from django.utils import translation
from rest_framework import authentication
from rest_framework_simplejwt import authentication as jwt

LANGUAGE_HEADER = "X-Ieum-Language"
LANGUAGE_QUERY = "lang"  # the same choice for WebSockets, which cannot send headers from a browser


def language_choice(raw: str | None) -> str | None:
    """``ko``/``en`` (any case, region ignored: ``en-US``) or None for anything else."""
    if not raw:
        return None
    code = raw.strip().lower().split("-")[0].split("_")[0]
    return code if code in dict(settings.LANGUAGES) else None


def request_language(request) -> str | None:
    """The device's explicit language for this request (the header), or None."""
    if request is None:
        return None
    headers = getattr(request, "headers", None)
    return language_choice(headers.get(LANGUAGE_HEADER) if headers is not None else None)


def activate_user_language(user, request=None) -> None:
    """Activate the response language: the request's header, else the user's preference (else
    what LocaleMiddleware chose from Accept-Language stays)."""
    language = request_language(request) or (
        getattr(user, "preferred_language", "") if user is not None else ""
    )
    if language:
        translation.activate(language)


class JWTAuthentication(jwt.JWTAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            activate_user_language(result[0], request)
            request._request.LANGUAGE_CODE = translation.get_language()
        return result


class SessionAuthentication(authentication.SessionAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            activate_user_language(result[0], request)
            request._request.LANGUAGE_CODE = translation.get_language()
        return result
