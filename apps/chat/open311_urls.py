"""Open311 GeoReport v2 (civil requests, apps/chat/civic): /open311/v2/services.json, requests.json, ..."""

from django.urls import path

from .civic.api import open311_views as views

urlpatterns = [
    path("discovery.json", views.Open311DiscoveryView.as_view(), name="open311-discovery"),
    path("v2/services.json", views.Open311ServiceListView.as_view(), name="open311-services"),
    path(
        "v2/services/<slug:service_code>.json",
        views.Open311ServiceDefinitionView.as_view(),
        name="open311-service-definition",
    ),
    path("v2/requests.json", views.Open311RequestListView.as_view(), name="open311-requests"),
    path(
        "v2/requests/<str:service_request_id>.json",
        views.Open311RequestDetailView.as_view(),
        name="open311-request",
    ),
]
