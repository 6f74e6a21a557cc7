from rest_framework import serializers

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


class NotificationPreferenceOutput(serializers.Serializer):
    quiet_hours_start = serializers.TimeField(format="%H:%M", allow_null=True)
    quiet_hours_end = serializers.TimeField(format="%H:%M", allow_null=True)
    kinds = serializers.DictField(
        child=KindPreference(),
        help_text='Every known kind, e.g. `{"transit": {"push": true}}`.',
    )


class NotificationPreferenceUpdateInput(serializers.Serializer):
    """Fields left out keep their current value; kinds left out keep theirs."""

    quiet_hours_start = serializers.TimeField(
        allow_null=True,
        required=False,
        help_text="Local time in Asia/Seoul, `HH:MM`; quiet hours may cross midnight.",
    )
    quiet_hours_end = serializers.TimeField(allow_null=True, required=False)
    kinds = serializers.DictField(child=KindPreference(), required=False)


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
