"""/api/v1/chat/requests/… (included from apps/chat/api/urls.py)."""

from django.urls import path

from .api import views

urlpatterns = [
    path("", views.CivilRequestListView.as_view(), name="civil-request-list"),
    path("categories/", views.CivilCategoryListView.as_view(), name="civil-category-list"),
    path(
        "<uuid:civil_request_id>/",
        views.CivilRequestDetailView.as_view(),
        name="civil-request-detail",
    ),
    path("staff/", views.CivilRequestStaffListView.as_view(), name="civil-request-staff-list"),
    path(
        "staff/departments/",
        views.CivilDepartmentListView.as_view(),
        name="civil-department-list",
    ),
    path(
        "staff/<uuid:civil_request_id>/",
        views.CivilRequestStaffDetailView.as_view(),
        name="civil-request-staff-detail",
    ),
    path(
        "staff/<uuid:civil_request_id>/update/",
        views.CivilRequestStaffUpdateView.as_view(),
        name="civil-request-staff-update",
    ),
]
