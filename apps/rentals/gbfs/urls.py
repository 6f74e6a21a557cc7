from django.urls import path

from . import views

app_name = "gbfs"

urlpatterns = [
    path("v3/<slug:name>.json", views.feed, name="feed"),
]
