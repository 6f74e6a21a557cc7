"""The project's URLs plus a private probe endpoint, for testing the shared API behaviour."""

from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls import urlpatterns as project_urlpatterns


class PrivateProbe(APIView):
    def get(self, request):
        return Response({"user": str(request.user.id)})


urlpatterns = [path("api/v1/probe/", PrivateProbe.as_view()), *project_urlpatterns]
handler404 = "apps.core.errors.json_404"
