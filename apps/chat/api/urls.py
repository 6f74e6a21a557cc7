from django.urls import include, path

app_name = "chat"

urlpatterns: list = [
    path("requests/", include("apps.chat.civic.api_urls")),
]
