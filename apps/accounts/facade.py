"""What other apps may ask the accounts app. Plain functions returning frozen dataclasses."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from . import selectors, services
from .models import StudentVerification, User, UserConsent


@dataclass(frozen=True)
class UserInfo:
    id: uuid.UUID
    display_name: str
    preferred_language: str
    kind: str
    is_staff: bool
    is_verified_student: bool
    university_id: uuid.UUID | None
    age: int | None


def user_get(*, user_id: uuid.UUID | str) -> UserInfo | None:
    user = User.objects.filter(pk=user_id, anonymised_at__isnull=True).first()
    if user is None:
        return None
    student = selectors.student_verification_get(user=user)
    verified = bool(student and student.status == StudentVerification.Status.VERIFIED)
    return UserInfo(
        id=user.id,
        display_name=user.display_name,
        preferred_language=user.preferred_language,
        kind=user.kind,
        is_staff=user.is_staff,
        is_verified_student=verified,
        university_id=student.university_id if student and verified else None,
        age=selectors.user_age(user=user),
    )


def user_is_verified_student(*, user_id: uuid.UUID | str) -> bool:
    return StudentVerification.objects.filter(
        user_id=user_id, status=StudentVerification.Status.VERIFIED
    ).exists()


def user_has_consent(*, user_id: uuid.UUID | str, kind: str) -> bool:
    """Whether the user currently agrees to the current version of `kind` (e.g. "location",
    "marketing")."""
    document = selectors.consent_document_current(kind=kind)
    if document is None:
        return False
    return UserConsent.objects.filter(
        user_id=user_id, document=document, withdrawn_at__isnull=True
    ).exists()


def user_age_on(*, user_id: uuid.UUID | str, day: datetime.date | None = None) -> int | None:
    user = User.objects.filter(pk=user_id).first()
    return selectors.user_age(user=user, today=day) if user else None


def signups_between(*, start: datetime.datetime, end: datetime.datetime) -> int:
    """Accounts created in [start, end): the sign-ups line of the monthly reports. Staff accounts
    are not sign-ups; deleted (anonymised) accounts still signed up then, so they count."""
    return User.objects.filter(date_joined__gte=start, date_joined__lt=end, is_staff=False).count()


# PIPA right of access and erasure, registered in AccountsConfig.ready(). Positional: core.privacy
# calls every app's pair as export(user) / erase(user).
def user_data_export(user: User) -> dict[str, Any]:
    return selectors.user_data_export(user=user)


def user_data_erase(user: User) -> None:
    services.account_data_erase(user=user)


# --- Phone identity (logistics: addresses keyed to the verified number, parcels for a number) ----


def user_verified_phone(*, user_id: uuid.UUID | str) -> str | None:
    """The E.164 mobile number the account signed up and logs in with: it was proved with the
    one-time SMS code (the only way to hold an account), so it is the verified number."""
    return (
        User.objects.filter(pk=user_id, is_active=True, anonymised_at__isnull=True)
        .values_list("phone", flat=True)
        .first()
    )


def user_id_for_phone(*, phone: str) -> uuid.UUID | None:
    """The active account holding this E.164 number, if any."""
    return (
        User.objects.filter(phone=phone, is_active=True, anonymised_at__isnull=True)
        .values_list("id", flat=True)
        .first()
    )


def phone_normalized(*, phone: str) -> str | None:
    """A Korean mobile number in E.164 (010-1234-5678 → +821012345678), or None if it is not one."""
    from .phones import InvalidPhoneNumber, normalize_phone

    try:
        return normalize_phone(phone)
    except InvalidPhoneNumber:
        return None


def sms_send(*, phone: str, text: str) -> bool:
    """Text a number through the accounts SMS backend (console in the embedded default). False when
    the provider refused it (logged); a text is best effort."""
    import logging

    from .sms import SmsDeliveryError, send_sms

    try:
        send_sms(to=phone, text=text)
    except SmsDeliveryError:
        logging.getLogger(__name__).exception("SMS to %s could not be sent", phone)
        return False
    return True
