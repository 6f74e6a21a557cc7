from django.utils import translation

from .authentication import activate_user_language


class UserLanguageMiddleware:
    """For session users (web client, admin pages), the saved preference beats Accept-Language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            activate_user_language(user)
            request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if user is not None and user.is_authenticated:
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
