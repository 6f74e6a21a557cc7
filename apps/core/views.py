"""Serves the installable web client (clients/web, built by `make`) at the site root."""

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie


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
