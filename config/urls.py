from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from apps.core.api.files import PrivateFileView
from apps.core.api.search import SearchView
from apps.core.health import healthz
from apps.core.views import language_switch, service_worker, web_client

api_v1 = [
    path("accounts/", include("apps.accounts.api.urls")),
    path("notifications/", include("apps.notifications.api.urls")),
    path("payments/", include("apps.payments.api.urls")),
    path("tourism/", include("apps.tourism.api.urls")),
    path("transit/", include("apps.transit.api.urls")),
    path("rentals/", include("apps.rentals.api.urls")),
    path("parking/", include("apps.parking.api.urls")),
    path("drt/", include("apps.drt.api.urls")),
    path("logistics/", include("apps.logistics.api.urls")),
    path("health/", include("apps.health.api.urls")),
    path("chat/", include("apps.chat.api.urls")),
    path("devices/", include("apps.core.api.device_urls")),
    path("search/", SearchView.as_view(), name="search"),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("language/", language_switch, name="language-switch"),
    path("api/v1/", include(api_v1)),
    path("gbfs/", include("apps.rentals.gbfs.urls")),
    path("gtfs-rt/", include("apps.transit.gtfs_rt_urls")),
    path("open311/", include("apps.chat.open311_urls")),
    # private files, only through a signed, short-lived link (apps/core/files.py)
    path("files/<str:token>/", PrivateFileView.as_view(), name="private-file"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("sw.js", service_worker, name="service-worker"),
    path("", web_client, name="web-client"),
    # client-side routes of the web app (everything that is not an API, feed or file)
    re_path(
        r"^(?!api/|fhir/|admin/|static/|media/|files/|ws/|gbfs/|gtfs-rt/|open311/|healthz|i18n/|language/)(?P<path>[\w\-/]+)/?$",
        web_client,
    ),
]
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "apps.core.errors.json_404"
handler500 = "apps.core.errors.json_500"
