from rest_framework import serializers


class ErrorOutput(serializers.Serializer):
    """The error envelope every endpoint returns (documented in OpenAPI)."""

    code = serializers.CharField(
        help_text="Stable machine-readable code, e.g. `accounts.otp_expired`."
    )
    message = serializers.CharField(help_text="Human message in the request's language (ko/en).")
    extra = serializers.DictField(help_text="Details; field errors under `fields`.")
