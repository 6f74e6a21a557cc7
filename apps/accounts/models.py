import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel

from .phones import phone_display


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, phone: str, password: str | None = None, **fields):
        from .phones import normalize_phone

        user = self.model(phone=normalize_phone(phone), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()  # residents log in with SMS codes
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, phone):
        # staff type their number as they like at the admin login: 010-1234-5678 works too
        from .phones import InvalidPhoneNumber, normalize_phone

        try:
            phone = normalize_phone(phone)
        except InvalidPhoneNumber:
            pass
        return self.get(**{self.model.USERNAME_FIELD: phone})

    def create_superuser(self, phone: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(phone, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """The one Ieum account. Identity is a mobile phone number, stored in E.164 (+821012345678)."""

    class Language(models.TextChoices):
        KO = "ko", _("Korean")
        EN = "en", _("English")

    class Kind(models.TextChoices):
        RESIDENT = "resident", _("Resident")
        TOURIST = "tourist", _("Tourist")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # null once the account is anonymised after deletion, so the number can sign up again
    phone = models.CharField(_("mobile phone"), max_length=20, unique=True, null=True, blank=True)
    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.KO
    )
    kind = models.CharField(
        _("resident or tourist"), max_length=10, choices=Kind.choices, default=Kind.RESIDENT
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)

    is_staff = models.BooleanField(_("staff"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    deletion_requested_at = models.DateTimeField(_("deletion requested at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "phone"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or phone_display(self.phone) or str(self.id)

    def get_short_name(self) -> str:
        """The admin greets staff by name, else by their number as written in Korea."""
        return self.display_name or phone_display(self.phone)

    def get_full_name(self) -> str:
        return self.get_short_name()


class University(TimeStampedModel):
    """A campus whose students get student fares (DRT, transit); name translated (ko/en)."""

    name = models.CharField(_("name"), max_length=100)
    # campus e-mail domains, e.g. ["inje.ac.kr"]; sub-domains (student.inje.ac.kr) count too
    email_domains = models.JSONField(_("campus e-mail domains"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("university")
        verbose_name_plural = _("universities")

    def __str__(self) -> str:
        return self.name

    def accepts_domain(self, domain: str) -> bool:
        domain = domain.lower().strip()
        return any(domain == d or domain.endswith("." + d) for d in self.email_domains)


class StudentVerification(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    class Method(models.TextChoices):
        STAFF = "staff", _("By staff")
        EMAIL = "email", _("By campus e-mail")

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="student_verification", verbose_name=_("user")
    )
    university = models.ForeignKey(
        University, on_delete=models.PROTECT, related_name="+", verbose_name=_("university")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    method = models.CharField(_("method"), max_length=10, choices=Method.choices, blank=True)
    email = models.EmailField(_("campus e-mail"), blank=True)
    code_hash = models.CharField(max_length=64, blank=True, editable=False)
    code_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    code_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("verified by"),
    )

    class Meta:
        verbose_name = _("student verification")
        verbose_name_plural = _("student verifications")

    def __str__(self) -> str:
        return f"{self.user} · {self.university} · {self.get_status_display()}"


class PhoneCode(models.Model):
    """A one-time SMS code. Only its HMAC is stored. Rows are also the rate-limit ledger (per number
    and per IP, counted in the database so the limit holds across processes)."""

    class Purpose(models.TextChoices):
        LOGIN = "login", _("Sign-up / login")
        GUARDIAN = "guardian", _("Guardian consent")

    id = models.BigAutoField(primary_key=True)
    phone = models.CharField(_("mobile phone"), max_length=20, db_index=True)
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose.choices)
    user = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True, db_index=True)
    code_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)
    expires_at = models.DateTimeField(_("expires at"))
    attempts = models.PositiveSmallIntegerField(_("wrong attempts"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("SMS code")
        verbose_name_plural = _("SMS codes")

    def __str__(self) -> str:
        return f"{self.phone} {self.purpose} {self.created_at:%Y-%m-%d %H:%M}"


class ConsentDocument(models.Model):
    """One version of a consent text (terms, privacy, location, marketing); title/body ko+en."""

    class Kind(models.TextChoices):
        TERMS = "terms", _("Terms of service")
        PRIVACY = "privacy", _("Collection and use of personal information")
        LOCATION = "location", _("Location information")
        MARKETING = "marketing", _("Marketing messages")

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    version = models.CharField(_("version"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"))
    required = models.BooleanField(_("required"), default=False)
    effective_from = models.DateTimeField(_("effective from"), default=timezone.now)

    class Meta:
        ordering = ["kind", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "version"], name="accounts_consent_kind_version"
            )
        ]
        verbose_name = _("consent document")
        verbose_name_plural = _("consent documents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.version}"


class UserConsent(models.Model):
    """The record that a user agreed to one version of a document (and maybe withdrew later)."""

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="consents", verbose_name=_("user")
    )
    document = models.ForeignKey(
        ConsentDocument, on_delete=models.PROTECT, related_name="+", verbose_name=_("document")
    )
    agreed_at = models.DateTimeField(_("agreed at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-agreed_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.user} · {self.document}"


class GuardianConsent(models.Model):
    """PIPA art. 22-2: a legal guardian's consent for a user under 14, confirmed by an SMS code
    sent to the guardian's phone. agreed_at is empty until the guardian's code is entered."""

    class Relation(models.TextChoices):
        PARENT = "parent", _("Parent")
        GUARDIAN = "guardian", _("Legal guardian")
        OTHER = "other", _("Other")

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="guardian_consents", verbose_name=_("user")
    )
    guardian_name = models.CharField(_("guardian name"), max_length=50)
    guardian_phone = models.CharField(_("guardian phone"), max_length=20)
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    code = models.ForeignKey(
        PhoneCode,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    agreed_at = models.DateTimeField(_("agreed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("guardian consent")
        verbose_name_plural = _("guardian consents")

    def __str__(self) -> str:
        return f"{self.user} · {self.guardian_name}"
