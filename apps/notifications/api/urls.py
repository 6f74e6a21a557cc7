from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("unread-count/", views.NotificationUnreadCountView.as_view(), name="unread-count"),
    path("read-all/", views.NotificationReadAllView.as_view(), name="read-all"),
    path("<uuid:notification_id>/read/", views.NotificationReadView.as_view(), name="read"),
    path("preferences/", views.NotificationPreferenceDetailView.as_view(), name="preferences"),
    path("devices/", views.DeviceRegisterView.as_view(), name="devices"),
    path("devices/<str:token>/", views.DeviceDeleteView.as_view(), name="device"),
    path("announcements/", views.AnnouncementSendView.as_view(), name="announcements"),
]
