from django.utils import translation

from .authentication import activate_user_language, request_language


class UserLanguageMiddleware:
    """The device's ``X-Ieum-Language`` header beats the account's saved preference, which beats
    Accept-Language (see apps.core.authentication). Here for every request (anonymous ones too);
    DRF's authentication classes apply the same rule once a token names the user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        authenticated = user is not None and user.is_authenticated
        chosen = request_language(request) is not None
        if authenticated or chosen:
            activate_user_language(user if authenticated else None, request)
            request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if authenticated or chosen:
            response.headers.setdefault("Content-Language", translation.get_language())
        return response


_CONTROL = {chr(c) for c in range(32)} | {"\x7f"}


class ControlCharacterMiddleware:
    """A NUL (or another control character) in the path or the query string is refused with a
    translated 400 before any view runs: PostgreSQL cannot store NUL in text, and no id, code or
    search term of ours contains one. (Bodies are checked by DRF's fields, which refuse NUL.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        values = [request.path, *(v for _k, vs in request.GET.lists() for v in [_k, *vs])]
        if any(_CONTROL.intersection(value) for value in values):
            from .errors import CoreErrorCode, bad_request_response

            return bad_request_response(
                request,
                CoreErrorCode.INVALID,
                translation.gettext("Control characters are not allowed in the address."),
            )
        return self.get_response(request)
