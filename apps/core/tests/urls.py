"""The project's URLs plus a private probe endpoint, for testing the shared API behaviour."""

from django.urls import path
from rest_framework.response import Response

from apps.core.api.views import PublicApi, RoleApi, StaffApi, UserApi
from apps.core.errors import CoreError
from apps.core.roles import Role
from config.urls import urlpatterns as project_urlpatterns


class PrivateProbe(UserApi):
    def get(self, request):
        return Response({"user": str(request.user.id)})


class DriverProbe(RoleApi):
    role = Role.DRIVER

    def get(self, request):
        return Response({"user": str(request.user.id)})


class TransportStaffProbe(StaffApi):
    department = "transport"

    def get(self, request):
        return Response({"user": str(request.user.id)})


class Open311Probe(PublicApi):
    """Stands in for the Open311 endpoints to come: their errors take GeoReport's shape."""

    def get(self, request):
        raise CoreError.idempotency_key_required()


urlpatterns = [
    path("open311/v2/probe.json", Open311Probe.as_view()),
    path("api/v1/probe/", PrivateProbe.as_view()),
    path("api/v1/probe/driver/", DriverProbe.as_view()),
    path("api/v1/probe/transport-staff/", TransportStaffProbe.as_view()),
    *project_urlpatterns,
]
handler404 = "apps.core.errors.json_404"
