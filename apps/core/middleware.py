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
