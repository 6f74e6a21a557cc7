from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken
from rest_framework_simplejwt.settings import api_settings

from apps.core.authentication import JWTAuthentication


class DeletionPendingJWTAuthentication(JWTAuthentication):
    """Like JWTAuthentication, but also lets in an account that asked for deletion and is still
    in its grace period (it is inactive), so the app can undo the request with its access token."""

    def get_user(self, validated_token):
        try:
            user_id = validated_token[api_settings.USER_ID_CLAIM]
        except KeyError as exc:
            raise InvalidToken(_("Token contained no recognizable user identification")) from exc
        user = self.user_model.objects.filter(**{api_settings.USER_ID_FIELD: user_id}).first()
        if user is None:
            raise AuthenticationFailed(_("User not found"), code="user_not_found")
        if not user.is_active and not (user.deletion_requested_at and not user.anonymised_at):
            raise AuthenticationFailed(_("User is inactive"), code="user_inactive")
        return user


class DeletionPendingJWTScheme(SimpleJWTScheme):
    target_class = "apps.accounts.authentication.DeletionPendingJWTAuthentication"
    name = "jwtAuthPendingDeletion"
