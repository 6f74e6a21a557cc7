from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.files import private_file_url
from apps.health.codes import CODES
from apps.health.models import (
    Allergy,
    Condition,
    ConsentLevel,
    ConsentRecord,
    HealthAccessEvent,
    HealthDocument,
    HealthNote,
    Immunisation,
    Measurement,
    Medication,
    Programme,
    Sex,
    ShareLink,
)

MEASUREMENT_SOURCES_BY_MEMBER = [
    (Measurement.Source.MANUAL.value, Measurement.Source.MANUAL.label),
    (Measurement.Source.DEVICE.value, Measurement.Source.DEVICE.label),
]
KIOSK_SOURCES = [
    (Measurement.Source.SENIOR_CENTRE.value, Measurement.Source.SENIOR_CENTRE.label),
    (Measurement.Source.BOOTH.value, Measurement.Source.BOOTH.label),
]
CODE_CHOICES = sorted(CODES)


@extend_schema_field({"type": "object", "additionalProperties": True})
class FhirResourceField(serializers.JSONField):
    pass


class StrictFloatField(serializers.FloatField):
    """A JSON number only: DRF's FloatField would read true/false as 1.0/0.0."""

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """JSON true/false only: DRF's BooleanField would also read 0, 1, "yes" and "on"."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer only: DRF's IntegerField would also read "5" and true."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class ConsentLevelField(serializers.ChoiceField):
    """0, 1 or 2 as a JSON integer (DRF's ChoiceField would also read "1")."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


# --- profile, consent, access log -----------------------------------------------------------------
class HealthProfileOutput(serializers.Serializer):
    sex = serializers.ChoiceField(choices=Sex.choices)
    area_code = serializers.CharField()
    consent_level = serializers.IntegerField()


class HealthProfileUpdateInput(serializers.Serializer):
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    area_code = serializers.CharField(max_length=10, required=False, allow_blank=True)

    def validate_area_code(self, value):
        from apps.health.catalogue import areas

        if value and value not in areas():
            raise serializers.ValidationError(_("Choose one of Gimhae's eup/myeon/dong."))
        return value


class AreaOutput(serializers.Serializer):
    area_code = serializers.CharField()
    name = serializers.CharField()


class MeasureCodeOutput(serializers.Serializer):
    code = serializers.CharField(help_text="LOINC code")
    key = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField(help_text="UCUM unit")
    unit_label = serializers.CharField()
    minimum = serializers.FloatField()
    maximum = serializers.FloatField()
    decimals = serializers.IntegerField()
    other_units = serializers.ListField(child=serializers.CharField())


class ConsentRecordOutput(serializers.ModelSerializer):
    class Meta:
        model = ConsentRecord
        fields = ["level", "source", "created_at"]


class ConsentOutput(serializers.Serializer):
    level = serializers.IntegerField()
    shared_fields = serializers.ListField(child=serializers.CharField())
    history = ConsentRecordOutput(many=True)


class ConsentUpdateInput(serializers.Serializer):
    level = ConsentLevelField(choices=ConsentLevel.choices)


class AccessEventOutput(serializers.ModelSerializer):
    class Meta:
        model = HealthAccessEvent
        fields = ["actor_kind", "actor_label", "what", "purpose", "at"]


# --- measurements ---------------------------------------------------------------------------------
class MeasurementOutput(serializers.ModelSerializer):
    class Meta:
        model = Measurement
        fields = ["id", "code", "value", "unit", "measured_at", "source", "device_name"]


class MeasurementCreateInput(serializers.Serializer):
    code = serializers.ChoiceField(choices=CODE_CHOICES, help_text="LOINC code")
    value = StrictFloatField(min_value=-1e9, max_value=1e9)
    unit = serializers.CharField(
        max_length=16, required=False, help_text="UCUM unit; the code's own unit when left out"
    )
    measured_at = serializers.DateTimeField()
    source = serializers.ChoiceField(
        choices=MEASUREMENT_SOURCES_BY_MEMBER, default=Measurement.Source.MANUAL.value
    )


class MeasurementListInput(serializers.Serializer):
    code = serializers.ChoiceField(choices=CODE_CHOICES, required=False)
    start = serializers.DateTimeField(required=False)
    end = serializers.DateTimeField(required=False)


class TrendInput(serializers.Serializer):
    codes = serializers.CharField(
        max_length=200, help_text="LOINC codes separated by commas, e.g. 8480-6,8462-4"
    )
    days = serializers.IntegerField(min_value=1, max_value=3660, default=90)

    def validate_codes(self, value):
        codes = [c.strip() for c in value.split(",") if c.strip()]
        if not codes or any(c not in CODES for c in codes):
            raise serializers.ValidationError(_("Use the measurement codes Ieum records."))
        return list(dict.fromkeys(codes))


class SeriesPointOutput(serializers.Serializer):
    at = serializers.DateTimeField()
    value = serializers.FloatField()


class SeriesOutput(serializers.Serializer):
    code = serializers.CharField()
    unit = serializers.CharField()
    points = SeriesPointOutput(many=True)
    minimum = serializers.FloatField(allow_null=True)
    maximum = serializers.FloatField(allow_null=True)
    average = serializers.FloatField(allow_null=True)
    latest = serializers.FloatField(allow_null=True)


class TrendOutput(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    series = SeriesOutput(many=True)


# --- programmes -----------------------------------------------------------------------------------
class ProgrammeBriefOutput(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = Programme
        fields = ["id", "code", "kind", "name", "place", "is_demo"]

    def get_name(self, obj) -> str:
        from django.utils.translation import get_language

        return obj.name_en if (get_language() or "").startswith("en") else obj.name_ko


class ParticipationOutput(serializers.Serializer):
    id = serializers.UUIDField()
    programme = ProgrammeBriefOutput()
    joined_on = serializers.DateField()
    left_on = serializers.DateField(allow_null=True)


class ComparisonOutput(serializers.Serializer):
    code = serializers.CharField()
    unit = serializers.CharField()
    before = serializers.FloatField(allow_null=True)
    before_at = serializers.DateTimeField(allow_null=True)
    after = serializers.FloatField(allow_null=True)
    after_at = serializers.DateTimeField(allow_null=True)
    change = serializers.FloatField(allow_null=True)


class ParticipationComparisonOutput(serializers.Serializer):
    participation = ParticipationOutput()
    comparisons = ComparisonOutput(many=True)


# --- records (encrypted at rest) ------------------------------------------------------------------
class ConditionOutput(serializers.ModelSerializer):
    class Meta:
        model = Condition
        fields = ["id", "name", "note", "onset", "status", "created_at"]


class ConditionCreateInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    onset = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=Condition.Status.choices, required=False)


class ConditionUpdateInput(ConditionCreateInput):
    name = serializers.CharField(max_length=200, required=False)


class MedicationOutput(serializers.ModelSerializer):
    reminder_times = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = Medication
        fields = ["id", "name", "dosage", "active", "reminder_times", "created_at"]


class MedicationCreateInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    dosage = serializers.CharField(max_length=200, required=False, allow_blank=True)
    active = StrictBooleanField(required=False)
    reminder_times = serializers.ListField(
        child=serializers.CharField(max_length=5),
        required=False,
        max_length=8,
        help_text='Local times "HH:MM" for a reminder; the push never names the medicine.',
    )


class MedicationUpdateInput(MedicationCreateInput):
    name = serializers.CharField(max_length=200, required=False)


class AllergyOutput(serializers.ModelSerializer):
    class Meta:
        model = Allergy
        fields = ["id", "substance", "reaction", "criticality", "created_at"]


class AllergyCreateInput(serializers.Serializer):
    substance = serializers.CharField(max_length=200)
    reaction = serializers.CharField(max_length=500, required=False, allow_blank=True)
    criticality = serializers.ChoiceField(choices=Allergy.Criticality.choices, required=False)


class AllergyUpdateInput(AllergyCreateInput):
    substance = serializers.CharField(max_length=200, required=False)


class ImmunisationOutput(serializers.ModelSerializer):
    class Meta:
        model = Immunisation
        fields = ["id", "vaccine", "note", "given_on", "created_at"]


class ImmunisationCreateInput(serializers.Serializer):
    vaccine = serializers.CharField(max_length=200)
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    given_on = serializers.DateField()


class ImmunisationUpdateInput(ImmunisationCreateInput):
    vaccine = serializers.CharField(max_length=200, required=False)
    given_on = serializers.DateField(required=False)


class HealthNoteOutput(serializers.ModelSerializer):
    class Meta:
        model = HealthNote
        fields = ["id", "text", "created_at"]


class HealthNoteCreateInput(serializers.Serializer):
    text = serializers.CharField(max_length=5000)


class HealthNoteUpdateInput(HealthNoteCreateInput):
    text = serializers.CharField(max_length=5000, required=False)


class HealthDocumentOutput(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = HealthDocument
        fields = ["id", "title", "content_type", "url", "created_at"]

    def get_url(self, obj) -> str | None:
        # only documents a selector returned for their owner reach this serializer
        request = self.context.get("request")
        return private_file_url(field_file=obj.file, user=request.user if request else None)


class HealthDocumentCreateInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    file = serializers.FileField(help_text="PDF, JPEG, PNG or WebP, up to 10 MB")


# --- member token, share links, summaries ---------------------------------------------------------
class MemberTokenOutput(serializers.Serializer):
    token = serializers.CharField(help_text="Shown as a QR code or written to an NFC card.")
    issued_at = serializers.DateTimeField(allow_null=True)


class ShareLinkOutput(serializers.ModelSerializer):
    active = serializers.SerializerMethodField()

    class Meta:
        model = ShareLink
        fields = ["id", "label", "expires_at", "revoked_at", "views", "created_at", "active"]

    def get_active(self, obj) -> bool:
        from django.utils import timezone

        return obj.revoked_at is None and obj.expires_at > timezone.now()


class ShareLinkCreatedOutput(ShareLinkOutput):
    token = serializers.CharField(help_text="Shown once; the clinician opens /shared/<token>.")

    class Meta(ShareLinkOutput.Meta):
        fields = [*ShareLinkOutput.Meta.fields, "token"]


class ShareLinkCreateInput(serializers.Serializer):
    label = serializers.CharField(max_length=80, required=False, allow_blank=True)
    hours = StrictIntegerField(min_value=1, max_value=24 * 14, default=72)


class LatestMeasurementOutput(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    value = serializers.FloatField()
    unit = serializers.CharField()
    measured_at = serializers.DateTimeField()


class HealthSummaryOutput(serializers.Serializer):
    name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    sex = serializers.CharField()
    latest = LatestMeasurementOutput(many=True)
    conditions = ConditionOutput(many=True)
    medications = MedicationOutput(many=True)
    allergies = AllergyOutput(many=True)
    immunisations = ImmunisationOutput(many=True)
    generated_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField(allow_null=True)


class StaffReadInput(serializers.Serializer):
    purpose = serializers.CharField(max_length=200, help_text="Why the record is read (logged).")


class StaffConsentInput(serializers.Serializer):
    level = ConsentLevelField(choices=ConsentLevel.choices)
    purpose = serializers.CharField(
        max_length=200,
        help_text="How the member asked (e.g. phone call of 2026-12-01); logged for the member.",
    )


# --- surveys, prompts, guide ----------------------------------------------------------------------
class SurveyOptionOutput(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()


class SurveyQuestionOutput(serializers.Serializer):
    key = serializers.CharField()
    area = serializers.CharField()
    text = serializers.CharField()
    options = SurveyOptionOutput(many=True)


class SurveyOutput(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    intro = serializers.CharField()
    questions = SurveyQuestionOutput(many=True)


class HealthSurveyResponseCreateInput(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.CharField(max_length=40), help_text="question key → option value"
    )


class SurveyResultOutput(serializers.Serializer):
    id = serializers.UUIDField()
    survey = serializers.CharField()
    score = serializers.IntegerField()
    max_score = serializers.IntegerField()
    band = serializers.CharField()
    band_label = serializers.CharField()
    advice = serializers.CharField()
    area_advice = serializers.ListField(child=serializers.CharField())
    area_scores = serializers.DictField(child=serializers.IntegerField())
    created_at = serializers.DateTimeField()


class KeywordPromptInput(serializers.Serializer):
    text = serializers.CharField(max_length=500, allow_blank=True)


class KeywordPromptOutput(serializers.Serializer):
    matched = serializers.BooleanField()
    topic = serializers.CharField(allow_null=True)
    message = serializers.CharField(allow_null=True)
    survey = serializers.CharField(allow_null=True)


class SymptomOutput(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()


class SymptomGuideInput(serializers.Serializer):
    symptoms = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, max_length=20
    )
    text = serializers.CharField(max_length=500, required=False, allow_blank=True)
    lat = StrictFloatField(required=False, min_value=-90, max_value=90)
    lon = StrictFloatField(required=False, min_value=-180, max_value=180)


class DepartmentAdviceOutput(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    symptoms = serializers.ListField(child=serializers.CharField())


class HospitalNearOutput(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    phone = serializers.CharField()
    lat = serializers.FloatField()
    lon = serializers.FloatField()
    distance_m = serializers.IntegerField()
    departments = serializers.ListField(child=serializers.CharField())
    is_demo = serializers.BooleanField()


class SymptomGuideOutput(serializers.Serializer):
    symptoms = serializers.ListField(child=serializers.CharField())
    departments = DepartmentAdviceOutput(many=True)
    hospitals = HospitalNearOutput(many=True)
    urgent = serializers.BooleanField()
    notice = serializers.CharField()


# --- kiosks ---------------------------------------------------------------------------------------
class KioskReadingInput(serializers.Serializer):
    key = serializers.CharField(
        max_length=64, help_text="The kiosk's own id for this reading; a re-send is ignored."
    )
    code = serializers.ChoiceField(choices=CODE_CHOICES)
    value = StrictFloatField(min_value=-1e9, max_value=1e9)
    unit = serializers.CharField(max_length=16, required=False)
    measured_at = serializers.DateTimeField()


class KioskMeasurementBatchInput(serializers.Serializer):
    member_token = serializers.CharField(
        max_length=64, help_text="Read from the member's QR code or NFC card, never typed."
    )
    source = serializers.ChoiceField(choices=KIOSK_SOURCES)
    readings = KioskReadingInput(many=True, allow_empty=False, max_length=50)


class KioskResultOutput(serializers.Serializer):
    index = serializers.IntegerField()
    result = serializers.ChoiceField(choices=["created", "duplicate", "rejected"])
    code = serializers.CharField()
    error = serializers.CharField()


class KioskMeasurementBatchOutput(serializers.Serializer):
    results = KioskResultOutput(many=True)


# --- city sharing ---------------------------------------------------------------------------------
class CitySharingRowOutput(serializers.Serializer):
    pid = serializers.CharField(help_text="Keyed HMAC pseudonym of the member")
    level = serializers.IntegerField()
    sex = serializers.CharField()
    age_band = serializers.CharField()
    area_code = serializers.CharField()
    content_used = serializers.ListField(child=serializers.CharField())
    name = serializers.CharField(required=False, help_text="Level 2 only")
    phone = serializers.CharField(required=False, help_text="Level 2 only")


class CitySharingExportOutput(serializers.Serializer):
    generated_at = serializers.DateTimeField()
    rows = CitySharingRowOutput(many=True)


class CityStatisticsOutput(serializers.Serializer):
    members = serializers.IntegerField()
    by_level = serializers.DictField(child=serializers.IntegerField())
    by_sex = serializers.DictField(child=serializers.IntegerField())
    by_age_band = serializers.DictField(child=serializers.IntegerField())
    by_area = serializers.DictField(child=serializers.IntegerField())
    by_content = serializers.DictField(child=serializers.IntegerField())
    satisfaction_responses = serializers.IntegerField()
    satisfaction_positive_percent = serializers.FloatField(allow_null=True)


# --- FHIR -----------------------------------------------------------------------------------------
class FhirBundleOutput(serializers.Serializer):
    resourceType = serializers.CharField()  # noqa: N815 — FHIR's own name
    type = serializers.CharField()
    entry = serializers.ListField(child=FhirResourceField(), required=False)


class FhirBundleInput(serializers.Serializer):
    resourceType = serializers.ChoiceField(choices=["Bundle"])  # noqa: N815 — FHIR's own name
    type = serializers.CharField(max_length=40)
    entry = serializers.ListField(child=FhirResourceField(), max_length=500)
