"""Reads: categories, the public (anonymous) list of requests, a resident's own requests, staff's
view. Access is decided here: someone else's request is "not found" in "my requests"."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from .errors import CivilRequestError
from .models import (
    CivilDepartment,
    CivilRequest,
    CivilRequestAttribute,
    CivilRequestCategory,
    CivilRequestEvent,
)

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.core.models import OpenDataConsumer

# GeoReport v2: without dates the list covers the last 90 days; a range may not span more
PUBLIC_WINDOW_DAYS = 90
PUBLIC_MAX_RESULTS = 1000

STAFF_DEPARTMENT = "civil_affairs"


def category_list(*, active_only: bool = True) -> QuerySet[CivilRequestCategory]:
    """Categories with ``attribute_count`` (Open311's ``metadata``: has questions to answer)."""
    qs = CivilRequestCategory.objects.select_related("department").annotate(
        attribute_count=Count("attributes")
    )
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("order", "code")


def category_get(*, code: str) -> CivilRequestCategory:
    category = (
        category_list()
        .prefetch_related(
            Prefetch("attributes", queryset=CivilRequestAttribute.objects.order_by("order", "code"))
        )
        .filter(code=code)
        .first()
    )
    if category is None:
        raise CivilRequestError.category_not_found()
    return category


def department_list() -> QuerySet[CivilDepartment]:
    return CivilDepartment.objects.order_by("code")


def _base() -> QuerySet[CivilRequest]:
    return CivilRequest.objects.select_related("category", "department")


def _with_history(qs: QuerySet[CivilRequest]) -> QuerySet[CivilRequest]:
    return qs.prefetch_related(
        Prefetch(
            "events",
            queryset=CivilRequestEvent.objects.select_related("department").order_by("at", "id"),
        )
    )


def civil_request_list_public(
    *,
    ids: list[str] | None = None,
    category_codes: list[str] | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    statuses: list[str] | None = None,
) -> list[CivilRequest]:
    """GET requests.json: newest first, at most 1000. Without ``ids``, the last 90 days unless a
    range is given (a range may not span more than 90 days)."""
    qs = _base()
    if ids:
        valid = []
        for value in ids:
            try:
                valid.append(UUID(value))
            except ValueError:
                continue
        qs = qs.filter(id__in=valid)
    else:
        window = timedelta(days=PUBLIC_WINDOW_DAYS)
        if start and end and (end < start or end - start > window):
            raise CivilRequestError.date_range_invalid(max_days=PUBLIC_WINDOW_DAYS)
        if start is None and end is None:
            start = timezone.now() - window
        elif start is None and end is not None:
            start = end - window
        if start is not None:
            qs = qs.filter(created_at__gte=start)
        if end is not None:
            qs = qs.filter(created_at__lte=end)
    if category_codes:
        qs = qs.filter(category_id__in=category_codes)
    if statuses:
        wanted: list[str] = []
        if "open" in statuses:
            wanted += list(CivilRequest.OPEN)
        if "closed" in statuses:
            wanted += list(CivilRequest.CLOSED)
        qs = qs.filter(status__in=wanted)
    return list(qs.order_by("-created_at")[:PUBLIC_MAX_RESULTS])


def civil_request_get_public(*, civil_request_id: UUID | str) -> CivilRequest:
    try:
        found = _base().filter(id=civil_request_id).first()
    except ValidationError:  # not a UUID
        found = None
    if found is None:
        raise CivilRequestError.request_not_found()
    return found


def civil_request_list_for_user(*, user: User) -> QuerySet[CivilRequest]:
    """A resident's own requests, newest first (the app's "my requests")."""
    return _base().filter(requester=user).order_by("-created_at")


def civil_request_get_for_user(
    *, user: User, civil_request_id: UUID | str, lock: bool = False
) -> CivilRequest:
    """One of the user's own requests with its history; anyone else's is "not found"."""
    qs = CivilRequest.objects.select_for_update() if lock else _with_history(_base())
    try:
        found = qs.filter(id=civil_request_id, requester=user).first()
    except ValidationError:
        found = None
    if found is None:
        raise CivilRequestError.request_not_found()
    return found


def civil_request_list_for_staff(
    *,
    status: str | None = None,
    category_code: str | None = None,
    department_code: str | None = None,
) -> QuerySet[CivilRequest]:
    qs = _base().select_related("requester")
    if status:
        qs = qs.filter(status=status)
    if category_code:
        qs = qs.filter(category_id=category_code)
    if department_code:
        qs = qs.filter(department_id=department_code)
    return qs.order_by("-created_at")


def civil_request_get_for_staff(
    *, civil_request_id: UUID | str, lock: bool = False
) -> CivilRequest:
    """Staff of civil affairs see every request (the view checks the department)."""
    qs = CivilRequest.objects.select_for_update() if lock else _with_history(_base())
    try:
        found = qs.filter(id=civil_request_id).first()
    except ValidationError:
        found = None
    if found is None:
        raise CivilRequestError.request_not_found()
    return found


def civil_request_staff_can_see(*, user: User | None) -> bool:
    """Civil-affairs staff (and superusers) see every request in full."""
    if user is None or not user.is_authenticated or not user.is_staff:
        return False
    return user.is_superuser or user.groups.filter(name=STAFF_DEPARTMENT).exists()


def civil_request_is_visible_in_full(
    *, civil_request: CivilRequest, user: User | None, staff: bool | None = None
) -> bool:
    """The requester and civil-affairs staff may see the photo; the public may not. ``staff``:
    :func:`civil_request_staff_can_see` already asked once for a whole list."""
    if user is None or not user.is_authenticated:
        return False
    if civil_request.requester_id is not None and civil_request.requester_id == user.pk:
        return True
    return civil_request_staff_can_see(user=user) if staff is None else staff


def civil_request_count(
    *, category_code: str, start: datetime, end: datetime, statuses: tuple[str, ...] = ()
) -> int:
    qs = CivilRequest.objects.filter(
        category_id=category_code, created_at__gte=start, created_at__lt=end
    )
    if statuses:
        qs = qs.filter(status__in=statuses)
    return qs.count()


def open_data_consumer_for_key(*, key: str) -> OpenDataConsumer | None:
    """The active open-data consumer (a third-party app) holding this api_key, or None."""
    from apps.core.models import OpenDataConsumer
    from apps.core.open_data import open_data_key_hash

    return OpenDataConsumer.objects.filter(
        key_hash=open_data_key_hash(key=key), is_active=True
    ).first()
