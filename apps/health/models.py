"""The personal health record (김해 건강수첩).

Privacy by design (docs/privacy.md): what a person writes about their health — conditions,
medications, allergies, immunisations, notes, survey answers, document titles — is stored with
core's field encryption, and documents through core's private files. Measurements stay readable
to the database because trends, plausibility and the city's level-1 statistics need them; they
carry no free text. Every read by someone other than the owner leaves a ``HealthAccessEvent``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.encryption import EncryptedTextField
from apps.core.files import PrivateFileField
from apps.core.models import TimeStampedModel


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNKNOWN = "unknown", _("Not given")


class HealthProfile(TimeStampedModel):
    """One per member: what the city-sharing export may use (sex, area) and the member token the
    kiosks read from a QR code or NFC card. The token itself is kept encrypted (the member can
    show it again); kiosks are matched by its keyed hash."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="health_profile",
        verbose_name=_("member"),
    )
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    area_code = models.CharField(
        _("area code"),
        max_length=10,
        blank=True,
        help_text=_("Eup/myeon/dong administrative code."),
    )
    member_token = EncryptedTextField(_("member token"), blank=True)
    member_token_hash = models.CharField(
        _("member token hash"), max_length=64, unique=True, null=True, blank=True
    )
    member_token_rotated_at = models.DateTimeField(_("token issued at"), null=True, blank=True)

    class Meta:
        verbose_name = _("health profile")
        verbose_name_plural = _("health profiles")

    def __str__(self) -> str:
        return str(self.user_id)


class ConsentLevel(models.IntegerChoices):
    NONE = 0, _("Level 0: share nothing")
    DEIDENTIFIED = 1, _("Level 1: sex, age band, area and content used")
    IDENTIFIED = 2, _("Level 2: level 1 plus name and phone")


class ConsentRecord(models.Model):
    """Append-only: a change of sharing level is a new row, never an edit (the plan's consent
    ledger). The newest row is the member's level; no row at all means level 1, where the plan
    starts every member."""

    class Source(models.TextChoices):
        DEFAULT = "default", _("Default at joining")
        APP = "app", _("App")
        KIOSK = "kiosk", _("Kiosk")
        STAFF = "staff", _("Staff, on the member's request")

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="health_consents",
        verbose_name=_("member"),
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=ConsentLevel.choices)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("sharing consent record")
        verbose_name_plural = _("sharing consent records")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.level}"


class Measurement(TimeStampedModel):
    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by the member")
        DEVICE = "device", _("Personal device (wearable)")
        SENIOR_CENTRE = "senior_centre", _("Smart senior centre kiosk")
        BOOTH = "booth", _("Health booth kiosk")
        IMPORT = "import", _("FHIR import")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="health_measurements",
        verbose_name=_("member"),
    )
    code = models.CharField(_("LOINC code"), max_length=16, db_index=True)
    value = models.FloatField(_("value"))
    unit = models.CharField(_("unit (UCUM)"), max_length=16)
    measured_at = models.DateTimeField(_("measured at"), db_index=True)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    device = models.ForeignKey(
        "core.Device",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("kiosk"),
    )
    device_name = models.CharField(_("device"), max_length=120, blank=True)
    # a device or phone re-sending the same reading is recognised by its key (per member)
    # null (not ""): the unique constraint must allow many readings sent without a key
    idempotency_key = models.CharField(  # noqa: DJ001
        _("idempotency key"), max_length=255, null=True, blank=True
    )
    fingerprint = models.CharField(_("request fingerprint"), max_length=64, blank=True)

    class Meta:
        ordering = ["-measured_at"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "idempotency_key"], name="health_measurement_key_unique"
            )
        ]
        indexes = [models.Index(fields=["user", "code", "measured_at"])]

    def __str__(self) -> str:
        return f"{self.code} @ {self.measured_at:%Y-%m-%d %H:%M}"


class _Owned(TimeStampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("member"),
    )

    class Meta:
        abstract = True
        ordering = ["-created_at"]


class Condition(_Owned):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        RESOLVED = "resolved", _("Resolved")

    name = EncryptedTextField(_("condition"))
    note = EncryptedTextField(_("note"), blank=True)
    onset = models.DateField(_("since"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )

    class Meta(_Owned.Meta):
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")


class Medication(_Owned):
    name = EncryptedTextField(_("medicine"))
    dosage = EncryptedTextField(_("dosage"), blank=True)
    active = models.BooleanField(_("taking now"), default=True)
    # local times ("08:00") when the member wants a reminder; the reminder text never names the
    # medicine (lock screens show it)
    reminder_times = models.JSONField(_("reminder times"), default=list, blank=True)
    last_reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)

    class Meta(_Owned.Meta):
        verbose_name = _("medication")
        verbose_name_plural = _("medications")


class Allergy(_Owned):
    class Criticality(models.TextChoices):
        LOW = "low", _("Low")
        HIGH = "high", _("High")
        UNKNOWN = "unable-to-assess", _("Unknown")

    substance = EncryptedTextField(_("substance"))
    reaction = EncryptedTextField(_("reaction"), blank=True)
    criticality = models.CharField(
        _("criticality"), max_length=20, choices=Criticality.choices, default=Criticality.UNKNOWN
    )

    class Meta(_Owned.Meta):
        verbose_name = _("allergy")
        verbose_name_plural = _("allergies")


class Immunisation(_Owned):
    vaccine = EncryptedTextField(_("vaccine"))
    note = EncryptedTextField(_("note"), blank=True)
    given_on = models.DateField(_("given on"))

    class Meta(_Owned.Meta):
        verbose_name = _("immunisation")
        verbose_name_plural = _("immunisations")


class HealthNote(_Owned):
    text = EncryptedTextField(_("note"))

    class Meta(_Owned.Meta):
        verbose_name = _("health note")
        verbose_name_plural = _("health notes")


class HealthDocument(_Owned):
    title = EncryptedTextField(_("title"))
    file = PrivateFileField(_("file"), prefix="health/documents")
    content_type = models.CharField(_("content type"), max_length=40)

    class Meta(_Owned.Meta):
        verbose_name = _("health document")
        verbose_name_plural = _("health documents")


class SurveyResponse(_Owned):
    survey = models.CharField(_("survey"), max_length=40, db_index=True)
    answers = EncryptedTextField(_("answers"))  # JSON, encrypted: answers are health data
    score = models.PositiveSmallIntegerField(_("score"))
    band = models.CharField(_("result"), max_length=20)
    # satisfaction survey only: whether the answer counts as positive for the plan's KPI
    positive = models.BooleanField(_("positive"), null=True, blank=True)

    class Meta(_Owned.Meta):
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")


class ContentUse(models.Model):
    """Which kinds of Health Handbook content a member used (level 1 shares the kinds), with the
    level in force when it happened: a use while at level 0 is never shared later."""

    class Content(models.TextChoices):
        MEASUREMENTS = "measurements", _("Measurements")
        SURVEY = "survey", _("Health-behaviour survey")
        SYMPTOM_GUIDE = "symptom_guide", _("Symptom guide")
        KEYWORD_PROMPT = "keyword_prompt", _("Keyword prompt")
        PROGRAMME = "programme", _("Health programme")

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("member"),
    )
    content = models.CharField(_("content"), max_length=20, choices=Content.choices)
    level_at_use = models.PositiveSmallIntegerField(_("level at the time"))
    used_on = models.DateField(_("used on"), db_index=True)

    class Meta:
        verbose_name = _("content use")
        verbose_name_plural = _("content uses")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content", "used_on"], name="health_content_use_daily"
            )
        ]

    def __str__(self) -> str:
        return f"{self.content} {self.used_on}"


class HealthAccessEvent(models.Model):
    """A read of a member's health data by someone other than the member: who, what, when, why.
    The member sees these in the app."""

    class Actor(models.TextChoices):
        STAFF = "staff", _("City health staff")
        CLINICIAN = "clinician", _("Clinician with a share link")
        KIOSK = "kiosk", _("Kiosk")
        CITY_EXPORT = "city_export", _("City data sharing")

    id = models.BigAutoField(primary_key=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="health_access_events",
        verbose_name=_("member"),
    )
    actor_kind = models.CharField(_("by"), max_length=16, choices=Actor.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("staff member"),
    )
    actor_label = models.CharField(_("who"), max_length=120, blank=True)
    what = models.CharField(_("what"), max_length=120)
    purpose = models.CharField(_("purpose"), max_length=200)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("health data access")
        verbose_name_plural = _("health data accesses")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_kind} {self.what}"


class ShareLink(TimeStampedModel):
    """A time-limited, revocable read-only summary for a clinician. Only the hash of the token is
    kept; the member sees the token once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="health_share_links",
        verbose_name=_("member"),
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    label = models.CharField(_("for"), max_length=80, blank=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("share link")
        verbose_name_plural = _("share links")


class Programme(TimeStampedModel):
    class Kind(models.TextChoices):
        CHILD_BOOTH = "child_booth", _("Child healthcare booth")
        REHAB_CENTRE = "rehab_centre", _("Smart rehabilitation centre")
        SENIOR_CENTRE = "senior_centre", _("Smart senior centres")
        PUBLIC_HEALTH = "public_health", _("Public health centre programme")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name_ko = models.CharField(_("name (Korean)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    place = models.CharField(_("place"), max_length=120, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("health programme")
        verbose_name_plural = _("health programmes")

    def __str__(self) -> str:
        return self.name_ko


class Participation(TimeStampedModel):
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("programme"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="health_participations",
        verbose_name=_("member"),
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["-joined_on"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["programme", "user"], name="health_participation_once")
        ]

    def __str__(self) -> str:
        return f"{self.programme.code} · {self.user_id}"
