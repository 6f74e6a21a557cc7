import datetime

from django.conf import settings
from django.contrib.auth import login, logout
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle

from apps.core.api.schema import errors
from apps.core.api.views import AccountApi, PublicApi, UserApi
from apps.core.authentication import SessionAuthentication

from .. import selectors, services
from ..authentication import DeletionPendingJWTAuthentication
from . import serializers as s

TAG = ["accounts"]


def client_ip(request) -> str | None:
    # DRF's own rule, so rate limits and throttles agree: REMOTE_ADDR, or the right entry of
    # X-Forwarded-For when REST_FRAMEWORK["NUM_PROXIES"] says how many proxies stand in front.
    return BaseThrottle().get_ident(request) or None


class OtpRequestView(PublicApi):
    authentication_classes: list = []

    @extend_schema(
        tags=TAG,
        operation_id="accounts_otp_request",
        summary="Send a sign-up / login code by SMS",
        request=s.OtpRequestInput,
        responses={202: s.OtpRequestOutput, **errors(400, 429)},
    )
    def post(self, request):
        data = s.OtpRequestInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.otp_request(phone=data.validated_data["phone"], ip=client_ip(request))
        return Response(s.OtpRequestOutput(result).data, status=status.HTTP_202_ACCEPTED)


class OtpVerifyView(PublicApi):
    authentication_classes: list = []

    @extend_schema(
        tags=TAG,
        operation_id="accounts_otp_verify",
        summary="Sign up or log in with the SMS code",
        request=s.OtpVerifyInput,
        responses={200: s.AccountLoginOutput, **errors(400, 403)},
    )
    def post(self, request):
        data = s.OtpVerifyInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        with_session = values.pop("session")
        result = services.otp_verify(ip=client_ip(request), **values)
        if with_session:
            login(request, result.user, backend="django.contrib.auth.backends.ModelBackend")
        return Response(s.AccountLoginOutput(result).data)


class TokenRefreshView(PublicApi):
    authentication_classes: list = []

    @extend_schema(
        tags=TAG,
        operation_id="accounts_token_refresh",
        summary="Exchange a refresh token for a new access and refresh token",
        request=s.TokenRefreshInput,
        responses={200: s.TokenPairOutput, **errors(400, 401)},
    )
    def post(self, request):
        data = s.TokenRefreshInput(data=request.data)
        data.is_valid(raise_exception=True)
        tokens = services.token_refresh(refresh=data.validated_data["refresh"])
        return Response(s.TokenPairOutput(tokens).data)


class AccountLogoutView(PublicApi):
    @extend_schema(
        tags=TAG,
        operation_id="accounts_logout",
        summary="Log out: blacklist the refresh token and end the session",
        request=s.AccountLogoutInput,
        responses={204: None, **errors(400)},
    )
    def post(self, request):
        data = s.AccountLogoutInput(data=request.data)
        data.is_valid(raise_exception=True)
        if data.validated_data["refresh"]:
            services.token_blacklist(refresh=data.validated_data["refresh"])
        logout(request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AccountDetailView(AccountApi):
    @extend_schema(
        tags=TAG,
        operation_id="accounts_me",
        summary="My account",
        responses={200: s.AccountOutput, **errors(401)},
    )
    def get(self, request):
        return Response(s.AccountOutput(request.user).data)

    @extend_schema(
        tags=TAG,
        operation_id="accounts_me_update",
        summary="Change my profile",
        request=s.AccountUpdateInput,
        responses={200: s.AccountOutput, **errors(400, 401, 409)},
    )
    def patch(self, request):
        data = s.AccountUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        user = services.user_update(user=request.user, **data.validated_data)
        return Response(s.AccountOutput(user).data)


class SessionView(PublicApi):
    @extend_schema(
        tags=TAG,
        operation_id="accounts_session",
        summary="Who is logged in on this device (null when nobody)",
        description="What an app asks at start-up: 200 whether or not someone is logged in, so a "
        "visitor's first screen has no failed request. `GET /me/` answers 401 when logged out.",
        responses={200: s.SessionOutput},
    )
    def get(self, request):
        user = request.user if request.user.is_authenticated else None
        return Response(s.SessionOutput({"user": user}).data)


class ConsentDocumentListView(PublicApi):
    @extend_schema(
        tags=TAG,
        operation_id="accounts_consent_documents",
        summary="Consent documents in force (texts in the request language)",
        responses={200: s.ConsentDocumentOutput(many=True)},
    )
    def get(self, request):
        documents = selectors.consent_documents_current()
        return Response(s.ConsentDocumentOutput(documents, many=True).data)


class UserConsentListView(AccountApi):
    @extend_schema(
        tags=TAG,
        operation_id="accounts_my_consents",
        summary="My consent records (agreed and withdrawn)",
        responses={200: s.UserConsentOutput(many=True), **errors(401)},
    )
    def get(self, request):
        consents = selectors.user_consent_list(user=request.user)
        return Response(s.UserConsentOutput(consents, many=True).data)

    @extend_schema(
        tags=TAG,
        operation_id="accounts_my_consents_give",
        summary="Agree to the current version of documents",
        request=s.ConsentGiveInput,
        responses={200: s.UserConsentOutput(many=True), **errors(400, 401)},
    )
    def post(self, request):
        data = s.ConsentGiveInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.consent_record(
            user=request.user, kinds=data.validated_data["kinds"], ip=client_ip(request)
        )
        consents = selectors.user_consent_list(user=request.user)
        return Response(s.UserConsentOutput(consents, many=True).data)


class ConsentWithdrawView(AccountApi):
    @extend_schema(
        tags=TAG,
        operation_id="accounts_my_consent_withdraw",
        summary="Withdraw an optional consent (location, marketing)",
        request=None,
        responses={200: s.UserConsentOutput(many=True), **errors(401, 404, 409)},
    )
    def post(self, request, kind: str):
        services.consent_withdraw(user=request.user, kind=kind)
        consents = selectors.user_consent_list(user=request.user)
        return Response(s.UserConsentOutput(consents, many=True).data)


class GuardianConsentRequestView(AccountApi):
    @extend_schema(
        tags=TAG,
        operation_id="accounts_guardian_request",
        summary="Under 14: send a code to the guardian's phone",
        request=s.GuardianConsentRequestInput,
        responses={202: s.GuardianConsentRequestOutput, **errors(400, 401, 409, 429)},
    )
    def post(self, request):
        data = s.GuardianConsentRequestInput(data=request.data)
        data.is_valid(raise_exception=True)
        consent = services.guardian_consent_request(
            user=request.user, ip=client_ip(request), **data.validated_data
        )
        body = {"guardian_phone": consent.guardian_phone, "expires_in": settings.OTP_TTL_SECONDS}
        return Response(s.GuardianConsentRequestOutput(body).data, status=status.HTTP_202_ACCEPTED)


class GuardianConsentVerifyView(AccountApi):
    @extend_schema(
        tags=TAG,
        operation_id="accounts_guardian_verify",
        summary="Under 14: enter the code the guardian received",
        request=s.CodeVerifyInput,
        responses={200: s.GuardianConsentOutput, **errors(400, 401, 409)},
    )
    def post(self, request):
        data = s.CodeVerifyInput(data=request.data)
        data.is_valid(raise_exception=True)
        consent = services.guardian_consent_verify(
            user=request.user, code=data.validated_data["code"]
        )
        return Response(s.GuardianConsentOutput(consent).data)


class UniversityListView(PublicApi):
    @extend_schema(
        tags=TAG,
        operation_id="accounts_universities",
        summary="Universities whose students can verify",
        responses={200: s.UniversityOutput(many=True)},
    )
    def get(self, request):
        return Response(s.UniversityOutput(selectors.university_list(), many=True).data)


class StudentEmailRequestView(UserApi):
    @extend_schema(
        tags=TAG,
        operation_id="accounts_student_email",
        summary="Send a student verification code to a campus e-mail address",
        request=s.StudentEmailRequestInput,
        responses={202: s.StudentEmailRequestOutput, **errors(400, 401, 403, 404, 409, 429)},
    )
    def post(self, request):
        data = s.StudentEmailRequestInput(data=request.data)
        data.is_valid(raise_exception=True)
        verification = services.student_email_request(
            user=request.user,
            university_id=data.validated_data["university"],
            email=data.validated_data["email"],
        )
        body = {"email": verification.email, "expires_in": services.STUDENT_EMAIL_CODE_TTL}
        return Response(s.StudentEmailRequestOutput(body).data, status=status.HTTP_202_ACCEPTED)


class StudentEmailVerifyView(UserApi):
    @extend_schema(
        tags=TAG,
        operation_id="accounts_student_email_verify",
        summary="Enter the code from the campus e-mail",
        request=s.CodeVerifyInput,
        responses={200: s.StudentVerificationOutput, **errors(400, 401, 403)},
    )
    def post(self, request):
        data = s.CodeVerifyInput(data=request.data)
        data.is_valid(raise_exception=True)
        verification = services.student_email_verify(
            user=request.user, code=data.validated_data["code"]
        )
        return Response(s.StudentVerificationOutput(verification).data)


class AccountExportView(AccountApi):
    @extend_schema(
        tags=TAG,
        operation_id="accounts_me_export",
        summary="Download all my data (PIPA right of access)",
        responses={200: s.AccountExportOutput, **errors(401)},
    )
    def get(self, request):
        return Response(selectors.privacy_export(user=request.user))


def _deletion_body(user) -> dict:
    requested = user.deletion_requested_at
    purge_after = (
        requested + datetime.timedelta(days=settings.ACCOUNT_DELETION_GRACE_DAYS)
        if requested
        else None
    )
    return {"deletion_requested_at": requested, "purge_after": purge_after}


class AccountDeletionRequestView(AccountApi):
    @extend_schema(
        tags=TAG,
        operation_id="accounts_me_delete",
        summary="Delete my account (after a grace period; logging in again cancels)",
        request=None,
        responses={202: s.AccountDeletionOutput, **errors(401)},
    )
    def post(self, request):
        user = services.account_deletion_request(user=request.user)
        logout(request)
        return Response(
            s.AccountDeletionOutput(_deletion_body(user)).data, status=status.HTTP_202_ACCEPTED
        )


class AccountDeletionCancelView(AccountApi):
    authentication_classes = [DeletionPendingJWTAuthentication, SessionAuthentication]

    @extend_schema(
        tags=TAG,
        operation_id="accounts_me_delete_cancel",
        summary="Cancel my account deletion during the grace period",
        request=None,
        responses={200: s.AccountOutput, **errors(401)},
    )
    def post(self, request):
        user = services.account_deletion_cancel(user=request.user)
        return Response(s.AccountOutput(user).data)
