from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from apps.core import privacy

from .errors import AccountError
from .models import (
    ConsentDocument,
    GuardianConsent,
    StudentVerification,
    University,
    User,
    UserConsent,
)

SEOUL = ZoneInfo("Asia/Seoul")
GUARDIAN_AGE = 14  # PIPA art. 22-2: under 14 needs a legal guardian's consent


def seoul_today() -> datetime.date:
    return timezone.now().astimezone(SEOUL).date()


def user_age(*, user: User, today: datetime.date | None = None) -> int | None:
    born = user.date_of_birth
    if born is None:
        return None
    today = today or seoul_today()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def user_is_under_14(*, user: User) -> bool:
    age = user_age(user=user)
    return age is not None and age < GUARDIAN_AGE


_Document = TypeVar("_Document", bound=ConsentDocument)


def _current_by_kind(documents: Iterable[_Document]) -> dict[str, _Document]:
    """The version in force for each kind: the latest that has taken effect (or, before any has,
    the first one announced)."""
    now = timezone.now()
    current: dict[str, _Document] = {}
    for doc in sorted(documents, key=lambda d: d.effective_from):
        held = current.get(doc.kind)
        if held is None or doc.effective_from <= now:
            current[doc.kind] = doc
    return current


def consent_documents_current() -> list[ConsentDocument]:
    order = list(ConsentDocument.Kind.values)
    docs = _current_by_kind(ConsentDocument.objects.all()).values()
    return sorted(docs, key=lambda d: order.index(d.kind))


def consent_document_current(*, kind: str) -> ConsentDocument | None:
    return _current_by_kind(ConsentDocument.objects.filter(kind=kind)).get(kind)


@dataclass(frozen=True)
class ConsentStatus:
    missing: list[str]  # required kinds whose current version the user has not agreed to
    guardian_required: bool

    @property
    def complete(self) -> bool:
        return not self.missing


def consent_status(*, user: User) -> ConsentStatus:
    agreed = UserConsent.objects.filter(
        user=user, document=OuterRef("pk"), withdrawn_at__isnull=True
    )
    documents = ConsentDocument.objects.filter(required=True).annotate(agreed=Exists(agreed))
    missing = sorted(k for k, doc in _current_by_kind(documents).items() if not doc.agreed)
    guardian_required = (
        user_is_under_14(user=user)
        and not GuardianConsent.objects.filter(user=user, agreed_at__isnull=False).exists()
    )
    return ConsentStatus(missing=missing, guardian_required=guardian_required)


def user_consent_list(*, user: User) -> QuerySet[UserConsent]:
    return UserConsent.objects.filter(user=user).select_related("document")


def university_list() -> QuerySet[University]:
    return University.objects.filter(is_active=True)


def university_get(*, university_id: uuid.UUID | str) -> University:
    try:
        return University.objects.get(id=university_id, is_active=True)
    except (University.DoesNotExist, ValueError, TypeError) as exc:
        raise AccountError.university_not_found() from exc


def student_verification_get(*, user: User) -> StudentVerification | None:
    return StudentVerification.objects.select_related("university").filter(user=user).first()


def user_data_export(*, user: User) -> dict[str, Any]:
    """Everything the accounts app holds about a user (PIPA right of access)."""
    student = student_verification_get(user=user)
    return {
        "profile": {
            "id": str(user.id),
            "phone": user.phone,
            "display_name": user.display_name,
            "preferred_language": user.preferred_language,
            "kind": user.kind,
            "date_of_birth": user.date_of_birth.isoformat() if user.date_of_birth else None,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "deletion_requested_at": (
                user.deletion_requested_at.isoformat() if user.deletion_requested_at else None
            ),
        },
        "consents": [
            {
                "kind": c.document.kind,
                "version": c.document.version,
                "agreed_at": c.agreed_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
                "ip": c.ip,
            }
            for c in user_consent_list(user=user)
        ],
        "guardian_consents": [
            {
                "guardian_name": g.guardian_name,
                "guardian_phone": g.guardian_phone,
                "relation": g.relation,
                "requested_at": g.created_at.isoformat(),
                "agreed_at": g.agreed_at.isoformat() if g.agreed_at else None,
            }
            for g in GuardianConsent.objects.filter(user=user)
        ],
        "student": (
            {
                "university": student.university.name,
                "email": student.email,
                "status": student.status,
                "method": student.method,
                "verified_at": student.verified_at.isoformat() if student.verified_at else None,
            }
            if student
            else None
        ),
    }


def privacy_export(*, user: User) -> dict:
    """The account's data and every app's registered section, as one JSON document."""
    return {
        "user_id": str(user.id),
        "exported_at": timezone.now().isoformat(),
        "sections": {section.name: section.export(user) for section in privacy.sections()},
    }
