from django.urls import path

from . import views

app_name = "parking"

urlpatterns = [
    path("lots/", views.LotListView.as_view(), name="lot-list"),
    path("lots/near/", views.LotNearView.as_view(), name="lot-near"),
    path("lots/<uuid:lot_id>/", views.LotDetailView.as_view(), name="lot-detail"),
    path("feed/", views.LotFeedView.as_view(), name="feed"),
    path("sensor-events/", views.SensorEventBatchView.as_view(), name="sensor-events"),
]
