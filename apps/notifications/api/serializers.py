from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.api.fields import HourMinuteField
from apps.notifications.models import Device, Notification


class NotificationOutput(serializers.ModelSerializer):
    """Title and body in the request's language (the user's preference, else Accept-Language)."""

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "data", "created_at", "read_at"]
        read_only_fields = fields


class NotificationUnreadCountOutput(serializers.Serializer):
    unread = serializers.IntegerField(min_value=0)


class KindPreference(serializers.Serializer):
    push = serializers.BooleanField()


def _kinds_schema(*, every: bool) -> dict:
    # The keys are the notification kinds, not free text: say which.
    preference = {
        "type": "object",
        "properties": {"push": {"type": "boolean"}},
        "required": ["push"],
    }
    kinds = [kind.value for kind in Notification.Kind]
    schema = {
        "type": "object",
        "properties": {kind: preference for kind in kinds},
        "additionalProperties": False,
    }
    if every:
        schema["required"] = kinds
    return schema


@extend_schema_field(_kinds_schema(every=True))
class KindPreferencesOutput(serializers.DictField):
    pass


@extend_schema_field(_kinds_schema(every=False))
class KindPreferencesInput(serializers.DictField):
    pass


class NotificationPreferenceOutput(serializers.Serializer):
    quiet_hours_start = HourMinuteField(allow_null=True)
    quiet_hours_end = HourMinuteField(allow_null=True)
    kinds = KindPreferencesOutput(
        child=KindPreference(),
        help_text='Every known kind, e.g. `{"transit": {"push": true}}`.',
    )


class NotificationPreferenceUpdateInput(serializers.Serializer):
    """Fields left out keep their current value; kinds left out keep theirs."""

    quiet_hours_start = HourMinuteField(
        allow_null=True,
        required=False,
        help_text="Local time in Asia/Seoul, `HH:MM`; quiet hours may cross midnight.",
    )
    quiet_hours_end = HourMinuteField(allow_null=True, required=False)
    kinds = KindPreferencesInput(child=KindPreference(), required=False)


class DeviceRegisterInput(serializers.Serializer):
    token = serializers.CharField(max_length=512, trim_whitespace=True)
    platform = serializers.ChoiceField(choices=Device.Platform.choices)


class DeviceOutput(serializers.ModelSerializer):
    class Meta:
        model = Device
        fields = ["token", "platform", "created_at"]
        read_only_fields = fields


class AnnouncementSendInput(serializers.Serializer):
    user_ids = serializers.ListField(
        child=serializers.UUIDField(),
        allow_null=True,
        allow_empty=False,
        max_length=10_000,
        help_text="Recipients; null sends to every active user.",
    )
    title_ko = serializers.CharField(max_length=200)
    title_en = serializers.CharField(max_length=200)
    body_ko = serializers.CharField(max_length=2000)
    body_en = serializers.CharField(max_length=2000)
    data = serializers.DictField(required=False, default=dict)


class AnnouncementOutput(serializers.Serializer):
    sent = serializers.IntegerField(min_value=0)
