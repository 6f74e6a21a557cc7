"""Reads. Every record is reached through its owner: someone else's record is "not found"."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from .codes import CODES
from .errors import HealthError
from .models import (
    Allergy,
    Condition,
    ConsentLevel,
    ConsentRecord,
    ContentUse,
    HealthAccessEvent,
    HealthDocument,
    HealthNote,
    HealthProfile,
    Immunisation,
    Measurement,
    Medication,
    Participation,
    ShareLink,
    SurveyResponse,
)

if TYPE_CHECKING:
    from apps.accounts.models import User

M = TypeVar("M", bound=models.Model)

OWNED_MODELS: dict[str, type[models.Model]] = {
    "conditions": Condition,
    "medications": Medication,
    "allergies": Allergy,
    "immunisations": Immunisation,
    "notes": HealthNote,
    "documents": HealthDocument,
}


def _owned_get(model: type[M], *, user: User, object_id: UUID | str, lock: bool = False) -> M:
    queryset = model._default_manager.filter(user=user)
    if lock:
        queryset = queryset.select_for_update()
    try:
        return queryset.get(pk=object_id)
    except (model.DoesNotExist, ValidationError, ValueError):  # type: ignore[attr-defined]
        raise HealthError.not_found() from None


def record_list(*, user: User, kind: str) -> QuerySet[Any]:
    return OWNED_MODELS[kind]._default_manager.filter(user=user).order_by("-created_at")


def record_get_for_user(
    *, user: User, kind: str, record_id: UUID | str, lock: bool = False
) -> models.Model:
    return _owned_get(OWNED_MODELS[kind], user=user, object_id=record_id, lock=lock)


def condition_get_for_user(
    *, user: User, condition_id: UUID | str, lock: bool = False
) -> Condition:
    return _owned_get(Condition, user=user, object_id=condition_id, lock=lock)


def medication_get_for_user(
    *, user: User, medication_id: UUID | str, lock: bool = False
) -> Medication:
    return _owned_get(Medication, user=user, object_id=medication_id, lock=lock)


def document_get_for_user(
    *, user: User, document_id: UUID | str, lock: bool = False
) -> HealthDocument:
    return _owned_get(HealthDocument, user=user, object_id=document_id, lock=lock)


def share_link_get_for_user(
    *, user: User, share_link_id: UUID | str, lock: bool = False
) -> ShareLink:
    return _owned_get(ShareLink, user=user, object_id=share_link_id, lock=lock)


def participation_get_for_user(
    *, user: User, participation_id: UUID | str, lock: bool = False
) -> Participation:
    return _owned_get(Participation, user=user, object_id=participation_id, lock=lock)


def profile_get(*, user: User) -> HealthProfile | None:
    return HealthProfile.objects.filter(user=user).first()


def consent_level_current(*, user: User) -> int:
    """The newest record's level; a member with no record is at level 1 (the plan's start)."""
    latest = ConsentRecord.objects.filter(user=user).order_by("-created_at", "-id").first()
    return latest.level if latest else int(ConsentLevel.DEIDENTIFIED)


def consent_history(*, user: User) -> QuerySet[ConsentRecord]:
    return ConsentRecord.objects.filter(user=user).order_by("-created_at", "-id")


def measurement_list(
    *,
    user: User,
    code: str | None = None,
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
) -> QuerySet[Measurement]:
    queryset = Measurement.objects.filter(user=user)
    if code:
        queryset = queryset.filter(code=code)
    if start:
        queryset = queryset.filter(measured_at__gte=start)
    if end:
        queryset = queryset.filter(measured_at__lt=end)
    return queryset.order_by("-measured_at", "-created_at")


@dataclass(frozen=True)
class SeriesPoint:
    at: datetime.datetime
    value: float


@dataclass(frozen=True)
class Series:
    code: str
    unit: str
    points: list[SeriesPoint]
    minimum: float | None
    maximum: float | None
    average: float | None
    latest: float | None


def measurement_series(
    *, user: User, codes: list[str], start: datetime.datetime, end: datetime.datetime
) -> list[Series]:
    """One series per code over [start, end), oldest first, with its summary."""
    rows = (
        Measurement.objects.filter(
            user=user, code__in=codes, measured_at__gte=start, measured_at__lt=end
        )
        .order_by("measured_at")
        .values_list("code", "measured_at", "value")
    )
    by_code: dict[str, list[SeriesPoint]] = {code: [] for code in codes}
    for code, at, value in rows:
        by_code[code].append(SeriesPoint(at=at, value=value))
    result = []
    for code in codes:
        points = by_code[code]
        values = [p.value for p in points]
        result.append(
            Series(
                code=code,
                unit=CODES[code].unit,
                points=points,
                minimum=min(values) if values else None,
                maximum=max(values) if values else None,
                average=round(sum(values) / len(values), 2) if values else None,
                latest=values[-1] if values else None,
            )
        )
    return result


@dataclass(frozen=True)
class Comparison:
    code: str
    unit: str
    before: float | None
    before_at: datetime.datetime | None
    after: float | None
    after_at: datetime.datetime | None
    change: float | None


# a baseline may be taken shortly after joining (the first booth visit)
BASELINE_GRACE = datetime.timedelta(days=14)


def participation_compare(*, participation: Participation) -> list[Comparison]:
    """Before/after for a programme participant, per measured code: the baseline is the newest
    reading on or before the day they joined (or, failing that, the first one within two weeks
    after), the result the newest reading since; the change is after − before."""
    joined = timezone.make_aware(
        datetime.datetime.combine(participation.joined_on, datetime.time.max)
    )
    ended = (
        timezone.make_aware(datetime.datetime.combine(participation.left_on, datetime.time.max))
        if participation.left_on
        else None
    )
    readings = Measurement.objects.filter(user_id=participation.user_id)
    result = []
    for code in sorted(set(readings.values_list("code", flat=True))):
        if code not in CODES:
            continue
        mine = readings.filter(code=code)
        before = mine.filter(measured_at__lte=joined).order_by("-measured_at").first()
        if before is None:
            before = (
                mine.filter(measured_at__gt=joined, measured_at__lte=joined + BASELINE_GRACE)
                .order_by("measured_at")
                .first()
            )
        later = mine.filter(measured_at__gt=before.measured_at if before else joined)
        if ended is not None:
            later = later.filter(measured_at__lte=ended)
        after = later.order_by("-measured_at").first()
        change = round(after.value - before.value, 2) if before and after else None
        result.append(
            Comparison(
                code=code,
                unit=CODES[code].unit,
                before=before.value if before else None,
                before_at=before.measured_at if before else None,
                after=after.value if after else None,
                after_at=after.measured_at if after else None,
                change=change,
            )
        )
    return result


def participation_list(*, user: User) -> QuerySet[Participation]:
    return Participation.objects.filter(user=user).select_related("programme")


def access_event_list(*, user: User) -> QuerySet[HealthAccessEvent]:
    return HealthAccessEvent.objects.filter(owner=user).select_related("actor")


def share_link_list(*, user: User) -> QuerySet[ShareLink]:
    return ShareLink.objects.filter(user=user).order_by("-created_at")


def survey_response_list(*, user: User) -> QuerySet[SurveyResponse]:
    return SurveyResponse.objects.filter(user=user).order_by("-created_at")


def content_used(*, user: User) -> list[str]:
    """Kinds of content used while sharing was allowed (level ≥ 1 at the time)."""
    return sorted(
        set(
            ContentUse.objects.filter(user=user, level_at_use__gte=1).values_list(
                "content", flat=True
            )
        )
    )
