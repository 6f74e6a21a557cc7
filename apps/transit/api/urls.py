from django.urls import path

from . import views

app_name = "transit"

urlpatterns = [
    path("plan/", views.PlanView.as_view(), name="plan"),
    path("stops/", views.StopListView.as_view(), name="stop-list"),
    path("stops/<str:stop_id>/", views.StopDetailView.as_view(), name="stop-detail"),
    path("routes/", views.RouteListView.as_view(), name="route-list"),
    path("routes/<str:route_id>/", views.RouteDetailView.as_view(), name="route-detail"),
]
