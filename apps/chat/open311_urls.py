from django.urls import path  # noqa: F401

# Open311 GeoReport v2 (apps.chat): services.json, requests.json, ...
urlpatterns: list = []
