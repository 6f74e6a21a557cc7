"""DRF authentication that also switches the response language to the user's preference.

The language comes from the user's preference first, then ``Accept-Language`` (LocaleMiddleware
has already applied the header before authentication runs).
"""

from django.utils import translation
from rest_framework import authentication
from rest_framework_simplejwt import authentication as jwt


def activate_user_language(user) -> None:
    language = getattr(user, "preferred_language", "") if user is not None else ""
    if language:
        translation.activate(language)


class JWTAuthentication(jwt.JWTAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            activate_user_language(result[0])
            request._request.LANGUAGE_CODE = translation.get_language()
        return result


class SessionAuthentication(authentication.SessionAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            activate_user_language(result[0])
        return result
