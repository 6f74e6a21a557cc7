"""Writes: file a civil request (app, chat or a third-party app through Open311), move it through
the staff workflow, erase a requester's link to it.

Every change staff make is one history row and one notification to the requester (ko/en), sent
after the change commits. The row is locked while it changes, so two officers answering at once
cannot both close it from "in progress".
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from apps.core.files import IMAGE_KINDS, private_file_validate
from apps.core.idempotency import idempotency_key_clean, idempotent_create, request_fingerprint

from . import selectors
from .errors import CivilRequestError
from .models import (
    CivilDepartment,
    CivilRequest,
    CivilRequestAttribute,
    CivilRequestCategory,
    CivilRequestEvent,
    CivilRequestIdempotencyKey,
)

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from apps.accounts.models import User
    from apps.core.models import OpenDataConsumer

Status = CivilRequest.Status

# Gimhae and a margin (its city limits lie within 35.15–35.40 N, 128.66–129.02 E): a point far
# outside is a mistake (a phone's stale GPS, swapped coordinates), not a request for Gimhae.
AREA_BOX = (35.10, 128.60, 35.45, 129.08)

MAX_DESCRIPTION = 4000

# the staff workflow: which status may follow which (closing is resolved or rejected; a closed
# request can be reopened when the problem comes back)
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.RECEIVED: (Status.ASSIGNED, Status.IN_PROGRESS, Status.RESOLVED, Status.REJECTED),
    Status.ASSIGNED: (Status.ASSIGNED, Status.IN_PROGRESS, Status.RESOLVED, Status.REJECTED),
    Status.IN_PROGRESS: (Status.ASSIGNED, Status.RESOLVED, Status.REJECTED),
    Status.RESOLVED: (Status.IN_PROGRESS,),
    Status.REJECTED: (Status.IN_PROGRESS,),
}

# what the requester is told, in both languages (rendered by the notification's reader)
_STATUS_NAMES = {
    Status.RECEIVED: ("접수", "received"),
    Status.ASSIGNED: ("담당 부서 배정", "assigned to a department"),
    Status.IN_PROGRESS: ("처리 중", "in progress"),
    Status.RESOLVED: ("처리 완료", "resolved"),
    Status.REJECTED: ("불수용", "not accepted"),
}


@dataclass(frozen=True)
class Contact:
    """What a third-party app may send about the person it files for (Open311 POST fields)."""

    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    account_id: str = ""
    device_id: str = ""

    def as_json(self) -> str:
        values = {k: v for k, v in self.__dict__.items() if v}
        return json.dumps(values, ensure_ascii=False) if values else ""


def _attributes_clean(*, category: CivilRequestCategory, answers: dict[str, Any]) -> dict[str, Any]:
    """The answers to the category's questions, checked against its definition."""
    definitions: dict[str, CivilRequestAttribute] = {a.code: a for a in category.attributes.all()}
    cleaned: dict[str, Any] = {}
    for code, raw in answers.items():
        attribute = definitions.get(code)
        if attribute is None or not attribute.variable:
            continue  # GeoReport v2: unknown attributes are ignored
        values = raw if isinstance(raw, list) else [raw]
        values = [str(v).strip() for v in values if v is not None and str(v).strip()]
        if not values:
            continue
        keys = {str(choice.get("key")) for choice in attribute.values}
        D = CivilRequestAttribute.Datatype
        if attribute.datatype == D.MULTIVALUELIST:
            if any(v not in keys for v in values):
                raise CivilRequestError.attribute_invalid(
                    code=code, reason=_("choose from the listed keys")
                )
            cleaned[code] = values
            continue
        if len(values) > 1:
            raise CivilRequestError.attribute_invalid(code=code, reason=_("give one value"))
        value = values[0][:1000]
        if attribute.datatype == D.SINGLEVALUELIST and value not in keys:
            raise CivilRequestError.attribute_invalid(
                code=code, reason=_("choose from the listed keys")
            )
        if attribute.datatype == D.NUMBER:
            try:
                float(value)
            except ValueError:
                raise CivilRequestError.attribute_invalid(
                    code=code, reason=_("give a number")
                ) from None
        if attribute.datatype == D.DATETIME and parse_datetime(value) is None:
            raise CivilRequestError.attribute_invalid(
                code=code, reason=_("give a date and time (ISO 8601)")
            )
        cleaned[code] = value
    for attribute in definitions.values():
        if attribute.variable and attribute.required and attribute.code not in cleaned:
            raise CivilRequestError.attribute_invalid(
                code=attribute.code, reason=_("an answer is required")
            )
    return cleaned


def _photo_bytes(photo: UploadedFile | None) -> tuple[bytes, str] | None:
    if photo is None:
        return None
    extension = private_file_validate(
        photo, kinds=IMAGE_KINDS, max_bytes=settings.CIVIC_PHOTO_MAX_BYTES
    )
    photo.seek(0)
    return photo.read(), extension


def civil_request_create(
    *,
    category_code: str,
    description: str,
    lat: float | None = None,
    lon: float | None = None,
    address: str = "",
    address_id: str = "",
    attributes: dict[str, Any] | None = None,
    photo: UploadedFile | None = None,
    requester: User | None = None,
    consumer: OpenDataConsumer | None = None,
    contact: Contact | None = None,
    channel: str = CivilRequest.Channel.APP,
    is_demo: bool = False,
) -> CivilRequest:
    """File a civil request. Everything is checked before anything is written: a refusal stores
    nothing (not even the photo)."""
    category = selectors.category_get(code=category_code)
    description = (description or "").strip()[:MAX_DESCRIPTION]
    address, address_id = (address or "").strip()[:300], (address_id or "").strip()[:100]
    if (lat is None) != (lon is None):
        raise CivilRequestError.location_required()
    if lat is None and not address and not address_id:
        raise CivilRequestError.location_required()
    if lat is not None and lon is not None:
        south, west, north, east = AREA_BOX
        if not (south <= lat <= north and west <= lon <= east):
            raise CivilRequestError.outside_area()
    if not description:
        raise CivilRequestError.description_required()
    answers = _attributes_clean(category=category, answers=attributes or {})
    image = _photo_bytes(photo)
    if category.photo_required and image is None:
        raise CivilRequestError.photo_required()
    with transaction.atomic():
        civil_request = CivilRequest(
            category=category,
            department=category.department,
            description=description,
            lat=lat,
            lon=lon,
            address=address,
            address_id=address_id,
            attributes=answers,
            requester=requester,
            consumer=consumer,
            contact=(contact.as_json() or None) if contact else None,
            channel=channel,
            language=(translation.get_language() or "ko")[:2],
            is_demo=is_demo,
        )
        if image is not None:
            content, extension = image
            civil_request.photo.save(f"photo.{extension}", ContentFile(content), save=False)
        civil_request.save()
        CivilRequestEvent.objects.create(
            request=civil_request, status=Status.RECEIVED, department=category.department
        )
    return civil_request


def civil_request_create_for_user(
    *,
    user: User,
    idempotency_key: str | None,
    category_code: str,
    description: str,
    lat: float | None = None,
    lon: float | None = None,
    address: str = "",
    attributes: dict[str, Any] | None = None,
    photo: UploadedFile | None = None,
    channel: str = CivilRequest.Channel.APP,
) -> tuple[CivilRequest, bool]:
    """A resident files a request from the app (or the chat). A retry with the same key — the
    answer was lost on a bad network — returns the first request instead of filing it twice.
    Returns ``(request, created)``."""
    key = idempotency_key_clean(raw=idempotency_key)
    photo_digest = ""
    if photo is not None:
        photo.seek(0)
        photo_digest = hashlib.sha256(photo.read()).hexdigest()
        photo.seek(0)
    fingerprint = request_fingerprint(
        category=category_code,
        description=(description or "").strip(),
        lat=lat,
        lon=lon,
        address=(address or "").strip(),
        attributes=attributes or {},
        photo=photo_digest,
    )

    def find() -> tuple[CivilRequest, str] | None:
        record = (
            CivilRequestIdempotencyKey.objects.select_related("request")
            .filter(user=user, key=key)
            .first()
        )
        return (record.request, record.fingerprint) if record is not None else None

    def create() -> CivilRequest:
        civil_request = civil_request_create(
            category_code=category_code,
            description=description,
            lat=lat,
            lon=lon,
            address=address,
            attributes=attributes,
            photo=photo,
            requester=user,
            channel=channel,
        )
        # a second request racing with the same key fails here once the first commits, and is
        # answered with the first one's request (apps/core/idempotency.py)
        CivilRequestIdempotencyKey.objects.create(
            user=user, key=key, fingerprint=fingerprint, request=civil_request
        )
        return civil_request

    return idempotent_create(fingerprint=fingerprint, find=find, create=create)


def civil_request_update(
    *,
    actor: User | None,
    civil_request_id: UUID | str,
    status: str | None = None,
    department_code: str | None = None,
    note: str = "",
    expected_at: datetime | None = None,
) -> CivilRequest:
    """Staff move a request on: a new status, another department, a note for the requester, an
    expected date. Each call is one history entry and one notification to the requester."""
    note = (note or "").strip()[:MAX_DESCRIPTION]
    with transaction.atomic():
        civil_request = selectors.civil_request_get_for_staff(
            civil_request_id=civil_request_id, lock=True
        )
        department = civil_request.department
        if department_code and department_code != civil_request.department_id:
            found = CivilDepartment.objects.filter(code=department_code).first()
            if found is None:
                raise CivilRequestError.department_not_found()
            department = found
        new_status = status or civil_request.status
        if department != civil_request.department and not status:
            # handing it to another department is an assignment
            new_status = (
                Status.ASSIGNED if civil_request.status == Status.RECEIVED else civil_request.status
            )
        # closing what is already closed is a conflict (another officer got there first)
        changed_status = (
            new_status != civil_request.status
            or status == Status.ASSIGNED
            or (status is not None and status in CivilRequest.CLOSED)
        )
        if changed_status and new_status not in TRANSITIONS[civil_request.status]:
            raise CivilRequestError.status_change_not_allowed(
                current=str(Status(civil_request.status).label),
                wanted=str(Status(new_status).label),
            )
        if new_status == Status.REJECTED and not note:
            raise CivilRequestError.note_required()
        if (
            new_status == civil_request.status
            and department == civil_request.department
            and not note
            and expected_at is None
        ):
            raise CivilRequestError.nothing_changed()
        civil_request.status = new_status
        civil_request.department = department
        if note:
            civil_request.status_notes = note
        if expected_at is not None:
            civil_request.expected_at = expected_at
        if new_status in CivilRequest.CLOSED:
            civil_request.closed_at = civil_request.closed_at or timezone.now()
        else:
            civil_request.closed_at = None
        civil_request.save()
        CivilRequestEvent.objects.create(
            request=civil_request, status=new_status, department=department, note=note, actor=actor
        )
        if civil_request.requester_id is not None:
            transaction.on_commit(lambda: _notify_requester(civil_request.pk, note))
    return civil_request


def _notify_requester(civil_request_id: UUID, note: str) -> None:
    from apps.notifications import facade as notifications

    civil_request = (
        CivilRequest.objects.select_related("category", "department", "requester")
        .filter(pk=civil_request_id)
        .first()
    )
    if civil_request is None or civil_request.requester is None:
        return
    status_ko, status_en = _STATUS_NAMES[Status(civil_request.status)]
    department = civil_request.department
    category = civil_request.category
    body_ko = f"{category.name_ko} 민원이 '{status_ko}' 상태입니다 ({department.name_ko})."
    body_en = f"Your {category.name_en.lower()} request is {status_en} ({department.name_en})."
    if note:
        body_ko, body_en = f"{body_ko} {note}", f"{body_en} {note}"
    notifications.notify(
        user=civil_request.requester,
        kind="chat",
        title_ko="민원 처리 상황",
        title_en="Civil request update",
        body_ko=body_ko,
        body_en=body_en,
        data={
            "civil_request_id": str(civil_request.id),
            "status": civil_request.status,
            "path": f"/services/chat/requests/{civil_request.id}",
        },
    )


def user_data_erase(*, user: User) -> None:
    """PIPA erasure: the requests stay as anonymous public reports (the city still has to fix the
    pothole); the link to the person, their photos and retry keys go."""
    for civil_request in CivilRequest.objects.filter(requester=user).exclude(photo=""):
        civil_request.photo.delete(save=False)
    CivilRequest.objects.filter(requester=user).update(requester=None, contact=None, photo="")
    CivilRequestIdempotencyKey.objects.filter(user=user).delete()


def civil_request_personal_data_purge(*, now: datetime | None = None) -> int:
    """Retention: contact details and photos of requests closed more than
    ``CIVIC_PERSONAL_DATA_RETENTION_DAYS`` ago go; the anonymous report stays. Returns how many
    requests were cleared. Safe to run twice."""
    from datetime import timedelta

    cutoff = (now or timezone.now()) - timedelta(days=settings.CIVIC_PERSONAL_DATA_RETENTION_DAYS)
    expired = CivilRequest.objects.filter(
        status__in=CivilRequest.CLOSED, closed_at__lt=cutoff
    ).exclude(contact__isnull=True, photo="")
    count = 0
    for civil_request in expired:
        if civil_request.photo:
            civil_request.photo.delete(save=False)
        CivilRequest.objects.filter(pk=civil_request.pk).update(contact=None, photo="")
        count += 1
    return count
