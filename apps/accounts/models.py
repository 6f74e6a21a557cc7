import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
    kind = models.CharField(_("resident or tourist"), max_length=10, choices=Kind.choices, default=Kind.RESIDENT)
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
        return self.display_name or self.phone or str(self.id)
