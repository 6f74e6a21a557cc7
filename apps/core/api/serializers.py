from rest_framework import serializers

from apps.core.errors import error_code_choices


class ErrorOutput(serializers.Serializer):
    """The error envelope every endpoint returns (documented in OpenAPI)."""

    message = serializers.CharField(help_text="Human message in the request's language (ko/en).")
    extra = serializers.DictField(help_text="Details; field errors under `fields`.")

    def get_fields(self):
        # The codes are collected from every app's ErrorCode enum when the schema is built
        # (after all apps are loaded), so a phone can switch on them: `ErrorCodeEnum`.
        fields = super().get_fields()
        fields["code"] = serializers.ChoiceField(
            choices=error_code_choices(),
            help_text="Stable machine-readable code, e.g. `accounts.otp_expired`.",
        )
        return {"code": fields.pop("code"), **fields}
