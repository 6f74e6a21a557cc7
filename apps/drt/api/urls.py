app_name = "drt"

urlpatterns: list = []
