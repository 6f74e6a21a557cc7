"""Open311 GeoReport v2 documents (JSON), field for field as the standard names them."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class Open311ServiceOutput(serializers.Serializer):
    service_code = serializers.CharField()
    service_name = serializers.CharField()
    description = serializers.CharField()
    metadata = serializers.BooleanField(help_text="true: the service has attributes to answer.")
    type = serializers.ChoiceField(choices=["realtime", "batch", "blackbox"])
    keywords = serializers.CharField(help_text="Comma-separated.")
    group = serializers.CharField()


class Open311AttributeValueOutput(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()


class Open311AttributeOutput(serializers.Serializer):
    variable = serializers.BooleanField()
    code = serializers.CharField()
    datatype = serializers.ChoiceField(
        choices=["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"]
    )
    required = serializers.BooleanField()
    datatype_description = serializers.CharField(allow_null=True)
    order = serializers.IntegerField()
    description = serializers.CharField()
    values = Open311AttributeValueOutput(many=True, required=False)


class Open311ServiceDefinitionOutput(serializers.Serializer):
    service_code = serializers.CharField()
    attributes = Open311AttributeOutput(many=True)


class Open311RequestCreateInput(serializers.Serializer):
    """POST requests.json: form-encoded or multipart (with the photo as ``media``), or JSON."""

    jurisdiction_id = serializers.CharField(required=False, allow_blank=True, max_length=100)
    api_key = serializers.CharField(required=False, allow_blank=True, max_length=200)
    service_code = serializers.CharField(max_length=40)
    lat = serializers.FloatField(required=False, allow_null=True, min_value=-90, max_value=90)
    long = serializers.FloatField(required=False, allow_null=True, min_value=-180, max_value=180)
    address_string = serializers.CharField(required=False, allow_blank=True, max_length=300)
    address_id = serializers.CharField(required=False, allow_blank=True, max_length=100)
    email = serializers.EmailField(required=False, allow_blank=True, max_length=200)
    device_id = serializers.CharField(required=False, allow_blank=True, max_length=100)
    account_id = serializers.CharField(required=False, allow_blank=True, max_length=100)
    first_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    last_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    description = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    media_url = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=500,
        help_text="Not fetched: send the photo itself as the multipart file `media`.",
    )
    media = serializers.FileField(
        required=False,
        help_text="A photo (JPEG, PNG or WebP, up to 8 MB), multipart only. Ieum's extension.",
    )
    attribute = serializers.DictField(
        required=False,
        help_text="Answers to the service's attributes: `attribute[code]=value` in a form "
        "(`attribute[code][]=a&attribute[code][]=b` for a multivaluelist), an object in JSON.",
    )


class Open311RequestCreatedOutput(serializers.Serializer):
    service_request_id = serializers.CharField()
    service_notice = serializers.CharField()
    account_id = serializers.CharField(allow_null=True)


class Open311RequestListInput(serializers.Serializer):
    jurisdiction_id = serializers.CharField(required=False, allow_blank=True, max_length=100)
    service_request_id = serializers.CharField(
        required=False, allow_blank=True, help_text="Comma-separated ids (dates are then ignored)."
    )
    service_code = serializers.CharField(
        required=False, allow_blank=True, help_text="Comma-separated service codes."
    )
    start_date = serializers.DateTimeField(
        required=False, allow_null=True, help_text="ISO 8601; with end_date, at most 90 days."
    )
    end_date = serializers.DateTimeField(required=False, allow_null=True)
    status = serializers.CharField(
        required=False, allow_blank=True, help_text="`open`, `closed` or `open,closed`."
    )

    def validate_status(self, value: str) -> list[str]:
        statuses = [s.strip() for s in value.split(",") if s.strip()]
        if any(s not in ("open", "closed") for s in statuses):
            raise serializers.ValidationError(_("Use open, closed or both."))
        return statuses

    def validate_service_request_id(self, value: str) -> list[str]:
        return [s.strip() for s in value.split(",") if s.strip()][:100]

    def validate_service_code(self, value: str) -> list[str]:
        return [s.strip() for s in value.split(",") if s.strip()][:100]

    def validate(self, attrs):
        for name in ("start_date", "end_date"):
            if attrs.get(name) is not None and timezone.is_naive(attrs[name]):
                attrs[name] = timezone.make_aware(attrs[name])
        return attrs


class Open311RequestOutput(serializers.Serializer):
    service_request_id = serializers.CharField()
    status = serializers.ChoiceField(choices=["open", "closed"])
    status_notes = serializers.CharField(allow_blank=True)
    service_name = serializers.CharField()
    service_code = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    agency_responsible = serializers.CharField()
    service_notice = serializers.CharField(allow_blank=True)
    requested_datetime = serializers.CharField()
    updated_datetime = serializers.CharField()
    expected_datetime = serializers.CharField(allow_null=True)
    address = serializers.CharField(allow_blank=True)
    address_id = serializers.CharField(allow_null=True)
    zipcode = serializers.CharField(allow_null=True)
    lat = serializers.FloatField(allow_null=True)
    long = serializers.FloatField(allow_null=True)
    media_url = serializers.CharField(
        allow_null=True,
        help_text="A signed link to the photo, only for the requester and civil-affairs staff; "
        "null for everyone else.",
    )


class Open311EndpointOutput(serializers.Serializer):
    specification = serializers.CharField()
    url = serializers.CharField()
    changeset = serializers.CharField()
    type = serializers.ChoiceField(choices=["production", "test"])
    formats = serializers.ListField(child=serializers.CharField())


class Open311DiscoveryOutput(serializers.Serializer):
    changeset = serializers.CharField()
    contact = serializers.CharField()
    key_service = serializers.CharField()
    endpoints = Open311EndpointOutput(many=True)
