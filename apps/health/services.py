"""Writes: measurements (plausibility, idempotency), records, consent levels, share links, member
tokens, surveys, reminders, access events.

Health data never goes to a log line or an error message: errors name the rule (a range, a unit),
never the value sent, and reminders say only "you have a health reminder"."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import random
import re
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

from apps.core.errors import ApplicationError
from apps.core.files import IMAGE_KINDS, KINDS, private_file_validate
from apps.core.idempotency import idempotent_create, request_fingerprint
from apps.notifications import facade as notifications

from . import catalogue, selectors
from .codes import code_get
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
    ShareLink,
    SurveyResponse,
)

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.core.devices.models import Device

FUTURE_TOLERANCE = datetime.timedelta(minutes=5)
# no personal reading is older; it also keeps times inside the era of fixed UTC offsets
EARLIEST_READING = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
TOKEN_PREFIX = "hm_"


def _hash(value: str) -> str:
    key = settings.HEALTH_PSEUDONYM_KEY.encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


# --- profile, member token, consent level -----------------------------------------------------


@transaction.atomic
def profile_ensure(*, user: User) -> HealthProfile:
    """The member's health profile; made on first use, with the level-1 start the plan sets
    (recorded, so the ledger shows where the member began)."""
    profile, created = HealthProfile.objects.get_or_create(user=user)
    if created and not ConsentRecord.objects.filter(user=user).exists():
        ConsentRecord.objects.create(
            user=user, level=ConsentLevel.DEIDENTIFIED, source=ConsentRecord.Source.DEFAULT
        )
    return profile


def profile_update(
    *, user: User, sex: str | None = None, area_code: str | None = None
) -> HealthProfile:
    profile = profile_ensure(user=user)
    if sex is not None:
        profile.sex = sex
    if area_code is not None:
        profile.area_code = area_code
    profile.save(update_fields=["sex", "area_code", "updated_at"])
    return profile


def member_token_rotate(*, user: User) -> str:
    """A new member token (the old one stops working at once): shown as a QR code or written to
    an NFC card, read by kiosks. Only its keyed hash is searchable."""
    profile = profile_ensure(user=user)
    token = TOKEN_PREFIX + secrets.token_urlsafe(18)
    profile.member_token = token
    profile.member_token_hash = _hash(token)
    profile.member_token_rotated_at = timezone.now()
    profile.save(
        update_fields=["member_token", "member_token_hash", "member_token_rotated_at", "updated_at"]
    )
    return token


def member_token_get(*, user: User) -> str:
    profile = profile_ensure(user=user)
    return profile.member_token or member_token_rotate(user=user)


def member_by_token(*, token: str) -> User:
    profile = (
        HealthProfile.objects.select_related("user")
        .filter(member_token_hash=_hash(token.strip()), user__is_active=True)
        .first()
    )
    if profile is None:
        raise HealthError.member_token_unknown()
    return profile.user


def consent_level_set(
    *, user: User, level: int, source: str, recorded_by: User | None = None
) -> ConsentRecord:
    """Append a record (never edit one). Lowering takes effect for every export from now on."""
    profile_ensure(user=user)
    return ConsentRecord.objects.create(
        user=user, level=int(ConsentLevel(level)), source=source, recorded_by=recorded_by
    )


def content_use_record(*, user: User, content: str) -> None:
    """Note that the member used a kind of content today (level 1 shares the kinds)."""
    if not user.is_authenticated:
        return
    level = selectors.consent_level_current(user=user)
    today = timezone.localdate()
    use = ContentUse.objects.filter(user=user, content=content, used_on=today).first()
    if use is None:
        ContentUse.objects.get_or_create(
            user=user, content=content, used_on=today, defaults={"level_at_use": level}
        )
    elif level < use.level_at_use:
        # lowered during the day: today's use is not shared
        ContentUse.objects.filter(pk=use.pk).update(level_at_use=level)


# --- measurements -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    code: str
    value: float
    unit: str
    measured_at: datetime.datetime


def reading_clean(
    *, code: str, value: float, unit: str | None, measured_at: datetime.datetime
) -> Reading:
    """Check one reading against the code's unit and plausible range; converts exact alternative
    units (lb, °F, mmol/L) to the canonical one."""
    measure = code_get(code)
    if measure is None:
        raise HealthError.unknown_code(code=code)
    unit = (unit or measure.unit).strip()
    if unit != measure.unit:
        convert = measure.conversions.get(unit)
        if convert is None:
            raise HealthError.unit_not_accepted(
                label=str(measure.label), units=[measure.unit, *measure.conversions]
            )
        value = convert(value)
    value = round(float(value), measure.decimals)
    if not (measure.minimum <= value <= measure.maximum):
        raise HealthError.implausible_value(
            label=str(measure.label),
            minimum=measure.minimum,
            maximum=measure.maximum,
            unit=measure.unit_label,
        )
    if measured_at > timezone.now() + FUTURE_TOLERANCE:
        raise HealthError.future_time()
    if measured_at < EARLIEST_READING:
        raise HealthError.time_too_early()
    return Reading(code=measure.loinc, value=value, unit=measure.unit, measured_at=measured_at)


def measurement_record(
    *,
    user: User,
    code: str,
    value: float,
    measured_at: datetime.datetime,
    source: str,
    unit: str | None = None,
    idempotency_key: str | None = None,
    device: Device | None = None,
    device_name: str = "",
) -> tuple[Measurement, bool]:
    """Store one reading. With an idempotency key a re-sent reading returns the stored one
    (``created`` False); the same key with another reading is 409 ``idempotency_key_reused``."""
    reading = reading_clean(code=code, value=value, unit=unit, measured_at=measured_at)
    fingerprint = request_fingerprint(
        code=reading.code, value=reading.value, at=reading.measured_at.isoformat(), source=source
    )

    def create() -> Measurement:
        measurement = Measurement.objects.create(
            user=user,
            code=reading.code,
            value=reading.value,
            unit=reading.unit,
            measured_at=reading.measured_at,
            source=source,
            device=device,
            device_name=device_name[:120],
            idempotency_key=idempotency_key,
            fingerprint=fingerprint,
        )
        content_use_record(user=user, content=ContentUse.Content.MEASUREMENTS)
        return measurement

    if not idempotency_key:
        return create(), True

    def find() -> tuple[Measurement, str] | None:
        found = Measurement.objects.filter(user=user, idempotency_key=idempotency_key).first()
        return (found, found.fingerprint) if found else None

    return idempotent_create(fingerprint=fingerprint, find=find, create=create)


def measurement_delete(*, user: User, measurement_id: UUID | str) -> None:
    deleted, _ = Measurement.objects.filter(user=user, pk=measurement_id).delete()
    if not deleted:
        raise HealthError.not_found()


@dataclass(frozen=True)
class KioskResult:
    index: int
    result: str  # "created" | "duplicate" | "rejected"
    code: str
    error: str


def kiosk_measurements_record(
    *, device: Device, member_token: str, source: str, readings: list[dict[str, Any]]
) -> list[KioskResult]:
    """A kiosk posts readings for the member whose card or QR it read. Each reading stands alone
    (a rejected one does not drop the others); duplicates from a re-send are recognised by
    ``<device>:<reading key>``."""
    member = member_by_token(token=member_token)
    profile_ensure(user=member)
    results = []
    for index, item in enumerate(readings):
        key = f"kiosk:{device.pk}:{item['key']}"
        try:
            with transaction.atomic():
                _, created = measurement_record(
                    user=member,
                    code=item["code"],
                    value=item["value"],
                    unit=item.get("unit"),
                    measured_at=item["measured_at"],
                    source=source,
                    idempotency_key=key,
                    device=device,
                    device_name=device.name,
                )
            results.append(
                KioskResult(index, "created" if created else "duplicate", item["code"], "")
            )
        except ApplicationError as error:  # this reading only: the others still count
            results.append(KioskResult(index, "rejected", item["code"], str(error.code)))
    return results


# --- records (encrypted) ------------------------------------------------------------------------

RECORD_FIELDS: dict[str, tuple[str, ...]] = {
    "conditions": ("name", "note", "onset", "status"),
    "medications": ("name", "dosage", "active", "reminder_times"),
    "allergies": ("substance", "reaction", "criticality"),
    "immunisations": ("vaccine", "note", "given_on"),
    "notes": ("text",),
}
RECORD_MODELS = {
    "conditions": Condition,
    "medications": Medication,
    "allergies": Allergy,
    "immunisations": Immunisation,
    "notes": HealthNote,
}

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _reminder_times_clean(times: list[str]) -> list[str]:
    for value in times:
        if not isinstance(value, str) or not _TIME.match(value):
            raise HealthError.reminder_time_invalid()
    return sorted(set(times))


def record_create(*, user: User, kind: str, data: dict[str, Any]) -> Any:
    fields = {name: data[name] for name in RECORD_FIELDS[kind] if name in data}
    if "reminder_times" in fields:
        fields["reminder_times"] = _reminder_times_clean(fields["reminder_times"])
    profile_ensure(user=user)
    return RECORD_MODELS[kind]._default_manager.create(user=user, **fields)


@transaction.atomic
def record_update(*, user: User, kind: str, record_id: UUID | str, data: dict[str, Any]) -> Any:
    record = selectors.record_get_for_user(user=user, kind=kind, record_id=record_id, lock=True)
    for name in RECORD_FIELDS[kind]:
        if name in data:
            value = data[name]
            if name == "reminder_times":
                value = _reminder_times_clean(value)
            setattr(record, name, value)
    record.save()
    return record


@transaction.atomic
def record_delete(*, user: User, kind: str, record_id: UUID | str) -> None:
    record = selectors.record_get_for_user(user=user, kind=kind, record_id=record_id, lock=True)
    record.delete()  # a document's file goes with the row, after commit


def document_upload(*, user: User, title: str, upload: Any) -> HealthDocument:
    """A PDF or image, checked by its bytes before anything is written."""
    extension = private_file_validate(
        upload, kinds=("pdf", *IMAGE_KINDS), max_bytes=settings.HEALTH_DOCUMENT_MAX_BYTES
    )
    content_type = next(k.content_type for k in KINDS.values() if k.extension == extension)
    profile_ensure(user=user)
    with transaction.atomic():
        document = HealthDocument(user=user, title=title, content_type=content_type)
        upload.seek(0)
        document.file.save(f"document.{extension}", ContentFile(upload.read()), save=False)
        document.save()
    return document


# --- medication reminders -----------------------------------------------------------------------


def medication_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Every minute: a reminder for each medication whose time has come. The push names nothing
    (lock screens show it): "You have a health reminder"; the app shows which one after login."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    hhmm = local.strftime("%H:%M")
    since = now - datetime.timedelta(minutes=50)
    sent = 0
    for medication in Medication.objects.filter(active=True).select_related("user"):
        if hhmm not in (medication.reminder_times or []):
            continue
        if medication.last_reminded_at and medication.last_reminded_at > since:
            continue
        # compare-and-swap: two tickers never remind twice
        claimed = Medication.objects.filter(
            pk=medication.pk, last_reminded_at=medication.last_reminded_at
        ).update(last_reminded_at=now)
        if not claimed:
            continue
        notifications.notify(
            user=medication.user,
            kind="health",
            title_ko="건강 알림",
            title_en="Health reminder",
            body_ko="건강 알림이 있습니다.",
            body_en="You have a health reminder.",
            data={"screen": "/services/health/records", "reminder": str(medication.pk)},
        )
        sent += 1
    return sent


# --- access events ------------------------------------------------------------------------------


def access_record(
    *,
    owner: User | UUID,
    actor_kind: str,
    what: str,
    purpose: str,
    actor: User | None = None,
    actor_label: str = "",
) -> HealthAccessEvent:
    owner_id = owner if isinstance(owner, UUID) else owner.pk
    return HealthAccessEvent.objects.create(
        owner_id=owner_id,
        actor_kind=actor_kind,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=actor_label[:120],
        what=what[:120],
        purpose=purpose[:200],
    )


# --- share links --------------------------------------------------------------------------------


def share_link_create(*, user: User, label: str, hours: int) -> tuple[ShareLink, str]:
    token = secrets.token_urlsafe(24)
    link = ShareLink.objects.create(
        user=user,
        token_hash=_hash(token),
        label=label[:80],
        expires_at=timezone.now() + datetime.timedelta(hours=hours),
    )
    return link, token


@transaction.atomic
def share_link_revoke(*, user: User, share_link_id: UUID | str) -> ShareLink:
    link = selectors.share_link_get_for_user(user=user, share_link_id=share_link_id, lock=True)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at", "updated_at"])
    return link


@transaction.atomic
def share_link_open(*, token: str) -> ShareLink:
    """The link behind a token, if it still works; the read is logged for the member."""
    link = (
        ShareLink.objects.select_for_update()
        .select_related("user")
        .filter(token_hash=_hash(token), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if link is None:
        raise HealthError.share_link_invalid()
    ShareLink.objects.filter(pk=link.pk).update(views=link.views + 1)
    access_record(
        owner=link.user,
        actor_kind=HealthAccessEvent.Actor.CLINICIAN,
        actor_label=link.label,
        what="summary",
        purpose="share link",
    )
    return link


# --- surveys, prompts, guide --------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyResult:
    response: SurveyResponse
    band: dict[str, Any]
    area_scores: dict[str, int]
    advice: list[str]


def _lang() -> str:
    return "en" if (get_language() or "ko").startswith("en") else "ko"


def survey_submit(*, user: User, slug: str, answers: dict[str, str]) -> SurveyResult:
    survey = catalogue.surveys().get(slug)
    if survey is None:
        raise HealthError.survey_unknown()
    score = 0
    areas: dict[str, int] = {}
    for question in survey["questions"]:
        chosen = answers.get(question["key"])
        option = next((o for o in question["options"] if o["value"] == chosen), None)
        if option is None:
            raise HealthError.survey_answer_invalid(question=question["key"])
        score += option["score"]
        areas[question["area"]] = areas.get(question["area"], 0) + option["score"]
    band = next(b for b in survey["bands"] if score <= b["max"])
    positive = score >= 4 if slug == "satisfaction" else None
    profile_ensure(user=user)
    response = SurveyResponse.objects.create(
        user=user,
        survey=slug,
        answers=json.dumps({q["key"]: answers[q["key"]] for q in survey["questions"]}),
        score=score,
        band=band["key"],
        positive=positive,
    )
    if slug == "health_behaviour":
        content_use_record(user=user, content=ContentUse.Content.SURVEY)
    return SurveyResult(
        response=response,
        band=band,
        area_scores=areas,
        advice=survey_advice(slug=slug, areas=areas),
    )


def survey_advice(*, slug: str, areas: dict[str, int]) -> list[str]:
    survey = catalogue.surveys()[slug]
    advice = survey.get("area_advice", {})
    lang = _lang()
    return [
        advice[area][lang]
        for area, points in sorted(areas.items(), key=lambda item: -item[1])
        if area in advice and points >= 3
    ]


# --- the demo kiosk (embedded default only) -----------------------------------------------------

SIMULATED_KIOSK = "데모 스마트경로당 키오스크 (시뮬레이터)"


def kiosk_simulate(*, rng: random.Random | None = None) -> int:
    """The demo's stand-in for a senior-centre kiosk: the seeded demo member measures blood
    pressure and pulse, through the same path a real kiosk's readings take. Returns how many
    readings were stored (0 when the demo member is not seeded)."""
    from apps.accounts.models import User
    from apps.core.devices import services as devices
    from apps.core.devices.models import Device

    from .seed import DEMO_MEMBER_PHONE

    member = User.objects.filter(phone=DEMO_MEMBER_PHONE).first()
    if member is None:
        return 0
    device = Device.objects.filter(name=SIMULATED_KIOSK, kind=Device.Kind.HEALTH_KIOSK).first()
    if device is None:
        device, _secret = devices.device_register(
            name=SIMULATED_KIOSK, kind=Device.Kind.HEALTH_KIOSK, app_label="health"
        )
    rng = rng or random.Random()
    now = timezone.now()
    stamp = int(now.timestamp())
    readings = [
        {
            "key": f"{stamp}-sys",
            "code": "8480-6",
            "value": rng.randint(112, 138),
            "measured_at": now,
        },
        {"key": f"{stamp}-dia", "code": "8462-4", "value": rng.randint(70, 88), "measured_at": now},
        {"key": f"{stamp}-hr", "code": "8867-4", "value": rng.randint(60, 84), "measured_at": now},
    ]
    results = kiosk_measurements_record(
        device=device,
        member_token=member_token_get(user=member),
        source="senior_centre",
        readings=readings,
    )
    return sum(1 for r in results if r.result == "created")
