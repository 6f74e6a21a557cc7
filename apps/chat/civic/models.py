"""Civil requests (민원) in the shape of Open311 GeoReport v2: categories ("services" in the
standard), their extra questions (attributes), the requests residents and third-party apps file,
and each request's history.

Names are stored in Korean and English side by side (``name_ko`` / ``name_en``): every answer is
rendered in the asker's language, and a request keeps the category it was filed under even when
staff rename it later.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from apps.core.encryption import EncryptedTextField
from apps.core.files import PrivateFileField
from apps.core.models import TimeStampedModel

__all__ = [
    "CivilDepartment",
    "CivilRequest",
    "CivilRequestAttribute",
    "CivilRequestCategory",
    "CivilRequestEvent",
    "CivilRequestIdempotencyKey",
]


def _pick(ko: str, en: str) -> str:
    """The English text when the active language is English and one is written, else Korean."""
    return en if (get_language() or "ko").startswith("en") and en else ko


class CivilDepartment(models.Model):
    """A city department that handles civil requests (도로과, 자원순환과, …): the Open311
    ``agency_responsible``. Staff assign a request to one of them."""

    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("civil-request department")
        verbose_name_plural = _("civil-request departments")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _pick(self.name_ko, self.name_en)


class CivilRequestCategory(models.Model):
    """What can be reported (Open311 "service"): illegal parking, bulky waste, road damage, …"""

    code = models.SlugField(
        _("code"),
        max_length=40,
        primary_key=True,
        help_text=_("The Open311 service_code: stable, used by apps and the chat."),
    )
    name_ko = models.CharField(_("name (Korean)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    group_ko = models.CharField(_("group (Korean)"), max_length=60, blank=True)
    group_en = models.CharField(_("group (English)"), max_length=60, blank=True)
    keywords = models.CharField(
        _("keywords"), max_length=300, blank=True, help_text=_("Comma-separated, ko and en.")
    )
    department = models.ForeignKey(
        CivilDepartment,
        on_delete=models.PROTECT,
        related_name="categories",
        verbose_name=_("department"),
        help_text=_("Where new requests of this kind go first."),
    )
    photo_required = models.BooleanField(_("photo required"), default=False)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("civil-request category")
        verbose_name_plural = _("civil-request categories")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _pick(self.name_ko, self.name_en)

    @property
    def description(self) -> str:
        return _pick(self.description_ko, self.description_en)

    @property
    def group(self) -> str:
        return _pick(self.group_ko, self.group_en)


class CivilRequestAttribute(models.Model):
    """An extra question of a category (Open311 service definition attribute)."""

    class Datatype(models.TextChoices):
        STRING = "string", _("Short text")
        NUMBER = "number", _("Number")
        DATETIME = "datetime", _("Date and time")
        TEXT = "text", _("Long text")
        SINGLEVALUELIST = "singlevaluelist", _("One of a list")
        MULTIVALUELIST = "multivaluelist", _("Several of a list")

    category = models.ForeignKey(
        CivilRequestCategory,
        on_delete=models.CASCADE,
        related_name="attributes",
        verbose_name=_("category"),
    )
    code = models.SlugField(_("code"), max_length=40)
    datatype = models.CharField(
        _("type"), max_length=20, choices=Datatype.choices, default=Datatype.STRING
    )
    required = models.BooleanField(_("required"), default=False)
    variable = models.BooleanField(
        _("asks for an answer"),
        default=True,
        help_text=_("Off for a note that is only shown (Open311 variable=false)."),
    )
    description_ko = models.CharField(_("question (Korean)"), max_length=300)
    description_en = models.CharField(_("question (English)"), max_length=300)
    # [{"key": "car", "name_ko": "승용차", "name_en": "Car"}, ...] for the list types
    values = models.JSONField(_("choices"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["category", "order", "code"]
        verbose_name = _("civil-request question")
        verbose_name_plural = _("civil-request questions")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "code"], name="chat_civilrequestattribute_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category_id}.{self.code}"

    @property
    def description(self) -> str:
        return _pick(self.description_ko, self.description_en)


class CivilRequest(TimeStampedModel):
    """One civil request. The public (Open311) view of it never shows who filed it."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ASSIGNED = "assigned", _("Assigned to a department")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        REJECTED = "rejected", _("Not accepted")

    class Channel(models.TextChoices):
        APP = "app", _("Ieum app")
        OPEN311 = "open311", _("Open311 (another app)")
        CHAT = "chat", _("Consultation chat")
        STAFF = "staff", _("Staff")

    category = models.ForeignKey(
        CivilRequestCategory,
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("category"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    department = models.ForeignKey(
        CivilDepartment,
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("department"),
    )
    description = models.TextField(_("description"), blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    address_id = models.CharField(_("address id"), max_length=100, blank=True)
    attributes = models.JSONField(_("answers"), default=dict, blank=True)
    photo = PrivateFileField(_("photo"), prefix="chat/civil-requests", blank=True)
    # who filed it: a resident of the app, or a third-party app (its open-data key) on someone's
    # behalf, with the contact details that app sent (encrypted: name, phone, email)
    requester = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="civil_requests",
        verbose_name=_("requester"),
    )
    consumer = models.ForeignKey(
        "core.OpenDataConsumer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("filed through"),
    )
    # encrypted: the database cannot compare it, so "none" is NULL (only isnull lookups work)
    contact = EncryptedTextField(_("contact details"), null=True, blank=True)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.APP
    )
    language = models.CharField(_("language"), max_length=5, default="ko")
    status_notes = models.TextField(
        _("status notes"), blank=True, help_text=_("The latest public note from staff.")
    )
    expected_at = models.DateTimeField(_("expected by"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    OPEN = (Status.RECEIVED, Status.ASSIGNED, Status.IN_PROGRESS)
    CLOSED = (Status.RESOLVED, Status.REJECTED)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("civil request")
        verbose_name_plural = _("civil requests")
        indexes = [models.Index(fields=["category", "created_at"])]

    def __str__(self) -> str:
        return f"{self.category_id} {self.created_at:%Y-%m-%d} {str(self.id)[:8]}"

    @property
    def open311_status(self) -> str:
        """GeoReport v2 knows only open and closed."""
        return "closed" if self.status in self.CLOSED else "open"


class CivilRequestEvent(models.Model):
    """One step of a request's history: filed, assigned, a note, closed. The requester sees all of
    them; staff's names are not shown, only their department."""

    id = models.BigAutoField(primary_key=True)
    request = models.ForeignKey(
        CivilRequest, on_delete=models.CASCADE, related_name="events", verbose_name=_("request")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=CivilRequest.Status.choices)
    department = models.ForeignKey(
        CivilDepartment,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
    )
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        ordering = ["request", "at", "id"]
        verbose_name = _("civil-request history entry")
        verbose_name_plural = _("civil-request history")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.status}"


class CivilRequestIdempotencyKey(models.Model):
    """A resident's retried "file this request" (a bad network) files it once
    (apps/core/idempotency.py)."""

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    key = models.CharField(_("key"), max_length=255)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    request = models.ForeignKey(
        CivilRequest, on_delete=models.CASCADE, related_name="+", verbose_name=_("request")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("civil-request idempotency key")
        verbose_name_plural = _("civil-request idempotency keys")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="chat_civil_idempotency_user_key")
        ]

    def __str__(self) -> str:
        return self.key
