"""What other apps may ask about civil requests. Plain functions returning plain values.

from apps.chat.civic import facade as civic
civic.civil_request_counts(category="illegal_parking", start=..., end=...)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from apps.core.search import SearchHit

from . import selectors, services
from .models import CivilRequest

if TYPE_CHECKING:
    from apps.accounts.models import User


@dataclass(frozen=True)
class CivilRequestCounts:
    """Requests of one category filed in [start, end), by where they stand now."""

    category: str
    total: int
    open: int
    resolved: int
    rejected: int


def civil_request_counts(*, category: str, start: datetime, end: datetime) -> CivilRequestCounts:
    """How many requests of ``category`` (its service_code, e.g. ``illegal_parking``) were filed
    in [start, end) — parking's KPI on illegal-parking reports, the city's monthly reports."""
    Status = CivilRequest.Status

    def count(*statuses: str) -> int:
        return selectors.civil_request_count(
            category_code=category, start=start, end=end, statuses=statuses
        )

    return CivilRequestCounts(
        category=category,
        total=count(),
        open=count(*CivilRequest.OPEN),
        resolved=count(Status.RESOLVED),
        rejected=count(Status.REJECTED),
    )


@dataclass(frozen=True)
class CivilCategoryInfo:
    code: str
    name_ko: str
    name_en: str
    department_ko: str
    department_en: str


def category_list() -> list[CivilCategoryInfo]:
    """The kinds of request that can be filed (for the chat's "file a civil request" intent)."""
    return [
        CivilCategoryInfo(
            code=c.code,
            name_ko=c.name_ko,
            name_en=c.name_en,
            department_ko=c.department.name_ko,
            department_en=c.department.name_en,
        )
        for c in selectors.category_list()
    ]


def new_request_path(*, category: str = "", text: str = "") -> str:
    """The web client's form, filled in (the chat links here after the person confirms)."""
    from urllib.parse import urlencode

    query = urlencode({k: v for k, v in {"category": category, "text": text}.items() if v})
    return "/services/chat/requests/new" + (f"?{query}" if query else "")


@dataclass(frozen=True)
class CivilRequestFiled:
    id: UUID
    category: str
    status: str
    created: bool  # False: the same idempotency key filed it before (a retry)
    path: str  # the web client's page of the request


def civil_request_file(
    *,
    user: User,
    idempotency_key: str,
    category: str,
    description: str,
    lat: float | None = None,
    lon: float | None = None,
    address: str = "",
    attributes: dict[str, Any] | None = None,
) -> CivilRequestFiled:
    """File a request for ``user`` from the chat, after they confirmed it (channel ``chat``).
    Refusals raise the same ``CivilRequestError`` (translated) as the form; a photo is added
    through the form (``new_request_path``)."""
    civil_request, created = services.civil_request_create_for_user(
        user=user,
        idempotency_key=idempotency_key,
        category_code=category,
        description=description,
        lat=lat,
        lon=lon,
        address=address,
        attributes=attributes,
        channel=CivilRequest.Channel.CHAT,
    )
    return CivilRequestFiled(
        id=civil_request.id,
        category=civil_request.category_id,
        status=civil_request.status,
        created=created,
        path=f"/services/chat/requests/{civil_request.id}",
    )


def search(query: str, language: str) -> list[SearchHit]:
    # positional: apps.core.search calls every searcher as search(query, language)
    words = [w for w in query.lower().split() if w]
    if not words:
        return []
    hits = []
    for category in selectors.category_list():
        haystack = " ".join(
            [category.name_ko, category.name_en, category.keywords, category.group_ko]
        ).lower()
        matched = sum(1 for w in words if w in haystack)
        if not matched:
            continue
        english = language == "en"
        hits.append(
            SearchHit(
                service="chat",
                kind="civil_request_category",
                title=(category.name_en if english else category.name_ko),
                subtitle=("File a civil request" if english else "민원 신청"),
                path=new_request_path(category=category.code),
                score=0.5 * matched / len(words),
            )
        )
    return hits


# --- Privacy (registered with apps.core.privacy) -------------------------------------------------
# Positional: core.privacy calls every app's pair as export(user) / erase(user).


def user_data_export(user: User) -> dict[str, Any]:
    requests = selectors.civil_request_list_for_user(user=user).prefetch_related("events")
    return {
        "civil_requests": [
            {
                "id": str(r.id),
                "category": r.category_id,
                "status": r.status,
                "description": r.description,
                "lat": r.lat,
                "long": r.lon,
                "address": r.address,
                "attributes": r.attributes,
                "has_photo": bool(r.photo),
                "contact": json.loads(r.contact) if r.contact else {},
                "created_at": r.created_at.isoformat(),
                "history": [
                    {"at": e.at.isoformat(), "status": e.status, "note": e.note}
                    for e in r.events.all()
                ],
            }
            for r in requests
        ]
    }


def user_data_erase(user: User) -> None:
    services.user_data_erase(user=user)


def civil_request_get(*, civil_request_id: UUID | str) -> dict[str, Any]:
    """The public view of one request (what Open311 shows), for the chat's status answers."""
    r = selectors.civil_request_get_public(civil_request_id=civil_request_id)
    return {
        "id": str(r.id),
        "category": r.category_id,
        "status": r.open311_status,
        "detailed_status": r.status,
        "created_at": r.created_at.isoformat(),
    }
