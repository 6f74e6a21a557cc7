from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("otp/request/", views.OtpRequestView.as_view(), name="otp-request"),
    path("otp/verify/", views.OtpVerifyView.as_view(), name="otp-verify"),
    path("token/refresh/", views.TokenRefreshView.as_view(), name="token-refresh"),
    path("logout/", views.AccountLogoutView.as_view(), name="logout"),
    path("me/", views.AccountDetailView.as_view(), name="me"),
    path("session/", views.SessionView.as_view(), name="session"),
    path("consent-documents/", views.ConsentDocumentListView.as_view(), name="consent-documents"),
    path("me/consents/", views.UserConsentListView.as_view(), name="my-consents"),
    path(
        "me/consents/<str:kind>/withdraw/",
        views.ConsentWithdrawView.as_view(),
        name="my-consent-withdraw",
    ),
    path(
        "me/guardian/request/", views.GuardianConsentRequestView.as_view(), name="guardian-request"
    ),
    path("me/guardian/verify/", views.GuardianConsentVerifyView.as_view(), name="guardian-verify"),
    path("universities/", views.UniversityListView.as_view(), name="universities"),
    path("me/student/email/", views.StudentEmailRequestView.as_view(), name="student-email"),
    path(
        "me/student/email/verify/",
        views.StudentEmailVerifyView.as_view(),
        name="student-email-verify",
    ),
    path("me/export/", views.AccountExportView.as_view(), name="export"),
    path("me/delete/", views.AccountDeletionRequestView.as_view(), name="delete"),
    path("me/delete/cancel/", views.AccountDeletionCancelView.as_view(), name="delete-cancel"),
]
