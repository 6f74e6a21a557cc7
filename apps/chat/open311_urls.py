"""Open311 GeoReport v2 (civil requests, apps/chat/civic): /open311/v2/services.json, requests.json, ..."""

urlpatterns: list = []
