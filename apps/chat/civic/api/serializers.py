"""The app's own civil-request API (my requests, categories, staff), in Ieum's usual shape."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.files import private_file_url

from ..models import CivilRequest, CivilRequestAttribute


def _english() -> bool:
    return (get_language() or "ko").startswith("en")


class CivilDepartmentOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    phone = serializers.CharField()


class CivilAttributeChoiceOutput(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()


class CivilAttributeOutput(serializers.Serializer):
    code = serializers.CharField()
    datatype = serializers.ChoiceField(choices=CivilRequestAttribute.Datatype.choices)
    required = serializers.BooleanField()
    variable = serializers.BooleanField()
    description = serializers.CharField()
    values = serializers.SerializerMethodField()

    @extend_schema_field(CivilAttributeChoiceOutput(many=True))
    def get_values(self, obj: CivilRequestAttribute) -> list[CivilAttributeChoiceOutput]:
        first, second = ("name_en", "name_ko") if _english() else ("name_ko", "name_en")
        return [
            {"key": str(v.get("key")), "name": str(v.get(first) or v.get(second) or v.get("key"))}
            for v in obj.values
        ]


class CivilCategoryOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    group = serializers.CharField()
    photo_required = serializers.BooleanField()
    department = CivilDepartmentOutput()
    attributes = CivilAttributeOutput(many=True, source="attributes.all")


class CivilCategoryBriefOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class CivilRequestEventOutput(serializers.Serializer):
    at = serializers.DateTimeField()
    status = serializers.ChoiceField(choices=CivilRequest.Status.choices)
    status_label = serializers.CharField(source="get_status_display")
    department = CivilDepartmentOutput()
    note = serializers.CharField()


class CivilRequestOutput(serializers.Serializer):
    id = serializers.UUIDField()
    category = CivilCategoryBriefOutput()
    status = serializers.ChoiceField(choices=CivilRequest.Status.choices)
    status_label = serializers.CharField(source="get_status_display")
    open311_status = serializers.ChoiceField(choices=["open", "closed"])
    department = CivilDepartmentOutput()
    description = serializers.CharField()
    lat = serializers.FloatField(allow_null=True)
    lon = serializers.FloatField(allow_null=True)
    address = serializers.CharField()
    attributes = serializers.DictField()
    status_notes = serializers.CharField()
    photo_url = serializers.SerializerMethodField(
        help_text="A link to the photo that works for a few minutes, or null."
    )
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    expected_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)

    def get_photo_url(self, obj: CivilRequest) -> str | None:
        # only requests a selector returned for this person (or staff) reach this serializer
        return private_file_url(field_file=obj.photo)


class CivilRequestDetailOutput(CivilRequestOutput):
    history = CivilRequestEventOutput(many=True, source="events.all")


class CivilRequestStaffOutput(CivilRequestDetailOutput):
    channel = serializers.ChoiceField(choices=CivilRequest.Channel.choices)
    has_requester = serializers.SerializerMethodField()

    def get_has_requester(self, obj: CivilRequest) -> bool:
        return obj.requester_id is not None


class CivilRequestCreateInput(serializers.Serializer):
    """Multipart (with ``photo``) or JSON."""

    category = serializers.CharField(max_length=40)
    description = serializers.CharField(max_length=4000, allow_blank=True)
    lat = serializers.FloatField(required=False, allow_null=True, min_value=-90, max_value=90)
    lon = serializers.FloatField(required=False, allow_null=True, min_value=-180, max_value=180)
    address = serializers.CharField(required=False, allow_blank=True, max_length=300)
    attributes = serializers.JSONField(
        required=False, help_text="Answers to the category's questions: {code: value}."
    )
    photo = serializers.FileField(
        required=False, allow_null=True, help_text="JPEG, PNG or WebP, up to 8 MB."
    )
    channel = serializers.ChoiceField(
        choices=CivilRequest.Channel.choices,
        default=CivilRequest.Channel.APP,
        help_text="`app` or `chat` (the chat's confirmed intent).",
    )

    def validate_channel(self, value: str) -> str:
        if value not in (CivilRequest.Channel.APP, CivilRequest.Channel.CHAT):
            raise serializers.ValidationError(_("Use app or chat."))
        return value

    def validate_attributes(self, value):
        if value in (None, ""):
            return {}
        if not isinstance(value, dict):
            raise serializers.ValidationError(_("Send the answers as an object: {code: value}."))
        return value


class CivilRequestCreateJsonInput(CivilRequestCreateInput):
    photo = None  # type: ignore[assignment]


class CivilRequestUpdateInput(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=CivilRequest.Status.choices, required=False, allow_null=True
    )
    department = serializers.CharField(required=False, allow_blank=True, max_length=40)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    expected_at = serializers.DateTimeField(required=False, allow_null=True)


class CivilRequestStaffListInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=CivilRequest.Status.choices, required=False)
    category = serializers.CharField(required=False, max_length=40)
    department = serializers.CharField(required=False, max_length=40)
