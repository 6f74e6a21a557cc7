"""Serves the installable web client (clients/web, built by `make`) at the site root."""

from django.conf import settings
from django.http import FileResponse, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_POST
from django.views.i18n import set_language


@ensure_csrf_cookie
def web_client(request, path: str = ""):
    index = settings.WEB_CLIENT_DIST / "index.html"
    if not index.exists():
        return HttpResponse(
            _("The web client is not built yet. Run `make run` (or `make client`)."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    response = FileResponse(index.open("rb"), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


def service_worker(request):
    worker = settings.WEB_CLIENT_DIST / "sw.js"
    if not worker.exists():
        return HttpResponse(status=404)
    response = FileResponse(worker.open("rb"), content_type="application/javascript")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_POST
def language_switch(request):
    """Switch between Korean and English (admin and server-rendered pages). For a logged-in user
    the choice is saved as their preference, which every later request follows."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest(_("Unknown language."))
    user = request.user
    if user.is_authenticated and getattr(user, "preferred_language", language) != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return set_language(request)
