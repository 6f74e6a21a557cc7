"""What leaves the health app for the city, and how staff read a member's record.

City sharing (the plan's tiered consent, B4): level 0 shares nothing; level 1 a pseudonym (keyed
HMAC of the account id, so the city can count repeat visits without learning who), sex, a ten-year
age band, the eup/myeon/dong code and the kinds of content used while sharing was on; level 2 adds
name and phone. Each row is built from an allow-list per level, so a field added to a model later
never leaks by accident. Every export is logged in each member's access log.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from collections import Counter
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from apps.notifications import facade as notifications

from . import selectors, services
from .errors import HealthError
from .models import ConsentRecord, ContentUse, HealthAccessEvent, HealthProfile, Sex

if TYPE_CHECKING:
    from apps.accounts.models import User

LEVEL_FIELDS: dict[int, tuple[str, ...]] = {
    0: (),
    1: ("pid", "level", "sex", "age_band", "area_code", "content_used"),
    2: ("pid", "level", "sex", "age_band", "area_code", "content_used", "name", "phone"),
}


def pseudonym(*, user_id: UUID | str) -> str:
    key = settings.HEALTH_PSEUDONYM_KEY.encode()
    return hmac.new(key, f"member:{user_id}".encode(), hashlib.sha256).hexdigest()[:32]


def age_band(*, date_of_birth: datetime.date | None, today: datetime.date | None = None) -> str:
    if date_of_birth is None:
        return "unknown"
    today = today or timezone.localdate()
    age = today.year - date_of_birth.year
    if (today.month, today.day) < (date_of_birth.month, date_of_birth.day):
        age -= 1
    if age >= 80:
        return "80+"
    low = max(0, age) // 10 * 10
    return f"{low}-{low + 9}"


def _current_levels() -> dict[Any, int]:
    """Every member's current level (members without a record are at 1 only once they have a
    health profile; people who never opened the health app are not members)."""
    levels: dict[Any, int] = {}
    for user_id, level in ConsentRecord.objects.order_by("user_id", "created_at", "id").values_list(
        "user_id", "level"
    ):
        levels[user_id] = level  # the newest wins
    for user_id in HealthProfile.objects.values_list("user_id", flat=True):
        levels.setdefault(user_id, 1)
    return levels


def city_export_rows(*, today: datetime.date | None = None) -> list[dict[str, Any]]:
    """The rows the city may receive now, exactly the fields each member's current level allows."""
    levels = {uid: lvl for uid, lvl in _current_levels().items() if lvl >= 1}
    users = get_user_model().objects.filter(pk__in=levels, anonymised_at__isnull=True)
    profiles = {p.user_id: p for p in HealthProfile.objects.filter(user_id__in=levels)}
    uses: dict[Any, set[str]] = {}
    for user_id, content in ContentUse.objects.filter(
        user_id__in=levels, level_at_use__gte=1
    ).values_list("user_id", "content"):
        uses.setdefault(user_id, set()).add(content)
    rows = []
    for user in users.order_by("pk"):
        level = levels[user.pk]
        profile = profiles.get(user.pk)
        full = {
            "pid": pseudonym(user_id=user.pk),
            "level": level,
            "sex": profile.sex if profile else Sex.UNKNOWN,
            "age_band": age_band(date_of_birth=user.date_of_birth, today=today),
            "area_code": (profile.area_code if profile else "") or "",
            "content_used": sorted(uses.get(user.pk, set())),
            "name": user.display_name,
            "phone": user.phone or "",
        }
        rows.append({name: full[name] for name in LEVEL_FIELDS[level]})
    return rows


@transaction.atomic
def city_export(*, staff: User, purpose: str) -> list[dict[str, Any]]:
    purpose = (purpose or "").strip()
    if not purpose:
        raise HealthError.purpose_required()
    rows = city_export_rows()
    pids = {row["pid"] for row in rows}
    owners = [uid for uid in _current_levels() if pseudonym(user_id=uid) in pids]
    HealthAccessEvent.objects.bulk_create(
        HealthAccessEvent(
            owner_id=uid,
            actor_kind=HealthAccessEvent.Actor.CITY_EXPORT,
            actor=staff,
            actor_label=staff.display_name[:120],
            what="city sharing export",
            purpose=purpose[:200],
        )
        for uid in owners
    )
    return rows


def city_statistics(*, rows: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Aggregates for the city, from level-1/2 sharing only (the export rows)."""
    rows = city_export_rows() if rows is None else rows
    content: Counter[str] = Counter()
    for row in rows:
        content.update(row["content_used"])
    return {
        "members": len(rows),
        "by_level": dict(Counter(str(row["level"]) for row in rows)),
        "by_sex": dict(Counter(row["sex"] for row in rows)),
        "by_age_band": dict(sorted(Counter(row["age_band"] for row in rows).items())),
        "by_area": dict(sorted(Counter(row["area_code"] or "unknown" for row in rows).items())),
        "by_content": dict(sorted(content.items())),
    }


def staff_member_read(*, staff: User, member_id: UUID | str, purpose: str) -> User:
    """Staff of the health department reading one member's record: a stated purpose is required
    and the read is logged for the member."""
    member, purpose = _member_for_staff(member_id=member_id, purpose=purpose)
    _staff_access_record(member=member, staff=staff, what="summary", purpose=purpose)
    return member


def _member_for_staff(*, member_id: UUID | str, purpose: str) -> tuple[User, str]:
    """The member staff act on, and the purpose they gave (required: it is logged)."""
    purpose = (purpose or "").strip()
    if not purpose:
        raise HealthError.purpose_required()
    member = (
        get_user_model()
        .objects.filter(pk=member_id, anonymised_at__isnull=True, health_profile__isnull=False)
        .first()
    )
    if member is None:
        raise HealthError.not_found()
    return member, purpose


def _staff_access_record(*, member: User, staff: User, what: str, purpose: str) -> None:
    """A line in the member's access log: which staff member, what they touched, and why."""
    services.access_record(
        owner=member,
        actor_kind=HealthAccessEvent.Actor.STAFF,
        actor=staff,
        actor_label=staff.display_name,
        what=what,
        purpose=purpose,
    )


def staff_consent_set(*, staff: User, member_id: UUID | str, level: int, purpose: str) -> User:
    """Staff of the health department record the level a member asked for (by phone, at a
    counter): a new consent record from staff, a line in the member's access log, and a
    notification, so the member can see and undo it in the app."""
    member, purpose = _member_for_staff(member_id=member_id, purpose=purpose)
    with transaction.atomic():
        services.consent_level_set(
            user=member, level=level, source=ConsentRecord.Source.STAFF, recorded_by=staff
        )
        _staff_access_record(member=member, staff=staff, what="consent", purpose=purpose)
        # the notice names no health data: the level is a sharing choice, not a record
        notifications.notify(
            user=member,
            kind="health",
            title_ko="건강 정보 공유 단계 변경",
            title_en="Health sharing level changed",
            body_ko=f"요청하신 대로 공유 단계를 {level}단계로 바꿨습니다. 앱에서 확인하고 바꿀 수 있습니다.",
            body_en=f"As you asked, your sharing level is now {level}. You can check or change it "
            "in the app.",
            data={"screen": "/services/health/sharing"},
        )
    return member


def satisfaction_summary() -> dict[str, Any]:
    """The plan's KPI for B1/B4: positive answers ÷ all answers × 100 (goal ≥ 90 %)."""
    from .models import SurveyResponse

    answers = SurveyResponse.objects.filter(survey="satisfaction")
    total = answers.count()
    positive = answers.filter(positive=True).count()
    return {
        "responses": total,
        "positive": positive,
        "positive_percent": round(positive * 100 / total, 1) if total else None,
        "goal_percent": 90,
    }


def level_of(*, user: User) -> int:
    return selectors.consent_level_current(user=user)
