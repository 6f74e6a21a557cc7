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
        request=s.OtpRequestInputSerializer,
        responses={202: s.OtpRequestOutputSerializer, **errors(400, 429)},
    )
    def post(self, request):
        data = s.OtpRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.otp_request(phone=data.validated_data["phone"], ip=client_ip(request))
        return Response(s.OtpRequestOutputSerializer(result).data, status=status.HTTP_202_ACCEPTED)


class OtpVerifyView(PublicApi):
    authentication_classes: list = []

    @extend_schema(
        tags=TAG,
        operation_id="accounts_otp_verify",
        summary="Sign up or log in with the SMS code",
        request=s.OtpVerifyInputSerializer,
        responses={200: s.LoginOutputSerializer, **errors(400, 403)},
    )
    def post(self, request):
        data = s.OtpVerifyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        with_session = values.pop("session")
        result = services.otp_verify(ip=client_ip(request), **values)
        if with_session:
            login(request, result.user, backend="django.contrib.auth.backends.ModelBackend")
        return Response(s.LoginOutputSerializer(result).data)


class TokenRefreshView(PublicApi):
    authentication_classes: list = []

    @extend_schema(
        tags=TAG,
        operation_id="accounts_token_refresh",
        summary="Exchange a refresh token for a new access and refresh token",
        request=s.TokenRefreshInputSerializer,
        responses={200: s.TokenPairOutputSerializer, **errors(400, 401)},
    )
    def post(self, request):
        data = s.TokenRefreshInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        tokens = services.token_refresh(refresh=data.validated_data["refresh"])
        return Response(s.TokenPairOutputSerializer(tokens).data)


class LogoutView(PublicApi):
    @extend_schema(
        tags=TAG,
        operation_id="accounts_logout",
        summary="Log out: blacklist the refresh token and end the session",
        request=s.LogoutInputSerializer,
        responses={204: None, **errors(400)},
    )
    def post(self, request):
        data = s.LogoutInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if data.validated_data["refresh"]:
            services.token_blacklist(refresh=data.validated_data["refresh"])
        logout(request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(AccountApi):
    @extend_schema(
        tags=TAG,
        operation_id="accounts_me",
        summary="My account",
        responses={200: s.MeOutputSerializer, **errors(401)},
    )
    def get(self, request):
        return Response(s.MeOutputSerializer(request.user).data)

    @extend_schema(
        tags=TAG,
        operation_id="accounts_me_update",
        summary="Change my profile",
        request=s.MeUpdateInputSerializer,
        responses={200: s.MeOutputSerializer, **errors(400, 401, 409)},
    )
    def patch(self, request):
        data = s.MeUpdateInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        user = services.user_update(user=request.user, **data.validated_data)
        return Response(s.MeOutputSerializer(user).data)


class ConsentDocumentListView(PublicApi):
    @extend_schema(
        tags=TAG,
        operation_id="accounts_consent_documents",
        summary="Consent documents in force (texts in the request language)",
        responses={200: s.ConsentDocumentOutputSerializer(many=True)},
    )
    def get(self, request):
        documents = selectors.consent_documents_current()
        return Response(s.ConsentDocumentOutputSerializer(documents, many=True).data)


class MyConsentListView(AccountApi):
    @extend_schema(
        tags=TAG,
        operation_id="accounts_my_consents",
        summary="My consent records (agreed and withdrawn)",
        responses={200: s.UserConsentOutputSerializer(many=True), **errors(401)},
    )
    def get(self, request):
        consents = selectors.user_consent_list(user=request.user)
        return Response(s.UserConsentOutputSerializer(consents, many=True).data)

    @extend_schema(
        tags=TAG,
        operation_id="accounts_my_consents_give",
        summary="Agree to the current version of documents",
        request=s.ConsentGiveInputSerializer,
        responses={200: s.UserConsentOutputSerializer(many=True), **errors(400, 401)},
    )
    def post(self, request):
        data = s.ConsentGiveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.consent_record(
            user=request.user, kinds=data.validated_data["kinds"], ip=client_ip(request)
        )
        consents = selectors.user_consent_list(user=request.user)
        return Response(s.UserConsentOutputSerializer(consents, many=True).data)


class ConsentWithdrawView(AccountApi):
    @extend_schema(
        tags=TAG,
        operation_id="accounts_my_consent_withdraw",
        summary="Withdraw an optional consent (location, marketing)",
        request=None,
        responses={200: s.UserConsentOutputSerializer(many=True), **errors(401, 404, 409)},
    )
    def post(self, request, kind: str):
        services.consent_withdraw(user=request.user, kind=kind)
        consents = selectors.user_consent_list(user=request.user)
        return Response(s.UserConsentOutputSerializer(consents, many=True).data)


class GuardianRequestView(AccountApi):
    @extend_schema(
        tags=TAG,
        operation_id="accounts_guardian_request",
        summary="Under 14: send a code to the guardian's phone",
        request=s.GuardianRequestInputSerializer,
        responses={202: s.GuardianRequestOutputSerializer, **errors(400, 401, 409, 429)},
    )
    def post(self, request):
        data = s.GuardianRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        consent = services.guardian_consent_request(
            user=request.user, ip=client_ip(request), **data.validated_data
        )
        body = {"guardian_phone": consent.guardian_phone, "expires_in": settings.OTP_TTL_SECONDS}
        return Response(
            s.GuardianRequestOutputSerializer(body).data, status=status.HTTP_202_ACCEPTED
        )


class GuardianVerifyView(AccountApi):
    @extend_schema(
        tags=TAG,
        operation_id="accounts_guardian_verify",
        summary="Under 14: enter the code the guardian received",
        request=s.CodeInputSerializer,
        responses={200: s.GuardianConsentOutputSerializer, **errors(400, 401, 409)},
    )
    def post(self, request):
        data = s.CodeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        consent = services.guardian_consent_verify(
            user=request.user, code=data.validated_data["code"]
        )
        return Response(s.GuardianConsentOutputSerializer(consent).data)


class UniversityListView(PublicApi):
    @extend_schema(
        tags=TAG,
        operation_id="accounts_universities",
        summary="Universities whose students can verify",
        responses={200: s.UniversityOutputSerializer(many=True)},
    )
    def get(self, request):
        return Response(s.UniversityOutputSerializer(selectors.university_list(), many=True).data)


class StudentEmailView(UserApi):
    @extend_schema(
        tags=TAG,
        operation_id="accounts_student_email",
        summary="Send a student verification code to a campus e-mail address",
        request=s.StudentEmailInputSerializer,
        responses={202: s.StudentEmailOutputSerializer, **errors(400, 401, 403, 404, 409, 429)},
    )
    def post(self, request):
        data = s.StudentEmailInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        verification = services.student_email_request(
            user=request.user,
            university_id=data.validated_data["university"],
            email=data.validated_data["email"],
        )
        body = {"email": verification.email, "expires_in": services.STUDENT_EMAIL_CODE_TTL}
        return Response(s.StudentEmailOutputSerializer(body).data, status=status.HTTP_202_ACCEPTED)


class StudentEmailVerifyView(UserApi):
    @extend_schema(
        tags=TAG,
        operation_id="accounts_student_email_verify",
        summary="Enter the code from the campus e-mail",
        request=s.CodeInputSerializer,
        responses={200: s.StudentOutputSerializer, **errors(400, 401, 403)},
    )
    def post(self, request):
        data = s.CodeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        verification = services.student_email_verify(
            user=request.user, code=data.validated_data["code"]
        )
        return Response(s.StudentOutputSerializer(verification).data)


class ExportView(AccountApi):
    @extend_schema(
        tags=TAG,
        operation_id="accounts_me_export",
        summary="Download all my data (PIPA right of access)",
        responses={200: s.ExportOutputSerializer, **errors(401)},
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


class DeleteView(AccountApi):
    @extend_schema(
        tags=TAG,
        operation_id="accounts_me_delete",
        summary="Delete my account (after a grace period; logging in again cancels)",
        request=None,
        responses={202: s.DeletionOutputSerializer, **errors(401)},
    )
    def post(self, request):
        user = services.account_deletion_request(user=request.user)
        logout(request)
        return Response(
            s.DeletionOutputSerializer(_deletion_body(user)).data, status=status.HTTP_202_ACCEPTED
        )


class DeleteCancelView(AccountApi):
    authentication_classes = [DeletionPendingJWTAuthentication, SessionAuthentication]

    @extend_schema(
        tags=TAG,
        operation_id="accounts_me_delete_cancel",
        summary="Cancel my account deletion during the grace period",
        request=None,
        responses={200: s.MeOutputSerializer, **errors(401)},
    )
    def post(self, request):
        user = services.account_deletion_cancel(user=request.user)
        return Response(s.MeOutputSerializer(user).data)
