"""Open data, no login: the GBFS 3.0 files as plain JSON."""

from django.http import Http404, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from apps.core.open_data import open_data_throttled

from . import feeds


def _respond(body: dict) -> JsonResponse:
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = f"public, max-age={body['ttl']}"
    response["Access-Control-Allow-Origin"] = "*"  # open data: any map may read it
    return response


def gbfs(request):
    def url(name: str) -> str:
        return request.build_absolute_uri(reverse("gbfs:feed", kwargs={"name": name}))

    return _respond(feeds.gbfs(url))


@require_GET
@open_data_throttled
def feed(request, name: str):
    if name == "gbfs":
        return gbfs(request)
    builder = feeds.BUILDERS.get(name)
    if builder is None:
        raise Http404
    return _respond(builder())
