"""Favourite stops and their "bus N arrives in 3 minutes" notifications."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from apps.notifications import facade as notifications
from apps.transit.errors import TransitError
from apps.transit.models import FavouriteArrivalNotice, FavouriteStop, Feed, Stop
from apps.transit.planner.timetable import timetable_for

from .errors import LiveError

logger = logging.getLogger(__name__)

MAX_FAVOURITES = 30
MAX_NOTIFY_MINUTES = 30
# TAGO arrivals name no vehicle: two notices for one route at one stop are the same bus when
# their predicted arrivals are this close.
SAME_BUS_WINDOW = timedelta(minutes=4)


@transaction.atomic
def favourite_add(*, user, feed: Feed, stop_id: str, notify_minutes: int = 3) -> tuple:
    """Add (or update the notification time of) a favourite stop. Returns (favourite, created)."""
    stop = Stop.objects.filter(feed=feed, stop_id=stop_id).first()
    if stop is None:
        raise TransitError.stop_not_found(stop_id=stop_id)
    existing = (
        FavouriteStop.objects.select_for_update()
        .filter(user=user, feed_name=feed.name, stop_id=stop_id)
        .first()
    )
    if existing is not None:
        existing.notify_minutes = notify_minutes
        existing.save(update_fields=["notify_minutes"])
        existing.stop = stop
        return existing, False
    if FavouriteStop.objects.filter(user=user).count() >= MAX_FAVOURITES:
        raise LiveError.too_many_favourites(limit=MAX_FAVOURITES)
    try:
        with transaction.atomic():
            favourite = FavouriteStop.objects.create(
                user=user, feed_name=feed.name, stop_id=stop_id, notify_minutes=notify_minutes
            )
    except IntegrityError:  # the same stop added twice at once: keep the first
        favourite = FavouriteStop.objects.get(user=user, feed_name=feed.name, stop_id=stop_id)
        favourite.stop = stop
        return favourite, False
    favourite.stop = stop
    return favourite, True


def favourite_remove(*, user, feed: Feed, stop_id: str) -> None:
    deleted, _ = FavouriteStop.objects.filter(
        user=user, feed_name=feed.name, stop_id=stop_id
    ).delete()
    if not deleted:
        raise LiveError.favourite_not_found(stop_id=stop_id)


def _favourites_for(*, feed: Feed, stop_ids: list[str]) -> QuerySet[FavouriteStop]:
    return FavouriteStop.objects.filter(
        feed_name=feed.name, stop_id__in=stop_ids, notify_minutes__gt=0, user__is_active=True
    ).select_related("user")


def favourite_arrivals_notify(*, feed: Feed, by_stop: dict[str, list[dict]], now: int) -> int:
    """Notify users whose favourite stop has a bus within their threshold — once per vehicle or
    trip (a FavouriteArrivalNotice row per key; its unique constraint makes a repeated tick or a
    second poller a no-op). Returns how many notifications were sent."""
    soon = {
        stop_id: [a for a in items if 0 <= a["arrival"] - now <= MAX_NOTIFY_MINUTES * 60]
        for stop_id, items in by_stop.items()
    }
    soon = {s: items for s, items in soon.items() if items}
    if not soon:
        return 0
    favourites = list(_favourites_for(feed=feed, stop_ids=list(soon)))
    if not favourites:
        return 0
    names = {
        stop_id: (ko or en or stop_id, en or ko or stop_id)
        for stop_id, ko, en in Stop.objects.filter(
            feed=feed, stop_id__in={f.stop_id for f in favourites}
        ).values_list("stop_id", "name_ko", "name_en")
    }
    tt = timetable_for(feed)
    sent = 0
    for favourite in favourites:
        threshold = favourite.notify_minutes * 60
        for arrival in soon[favourite.stop_id]:
            remaining = arrival["arrival"] - now
            if remaining > threshold:
                continue
            index = tt.route_index.get(arrival["route_id"])
            if _notice_send(
                favourite=favourite,
                arrival=arrival,
                route=tt.routes[index] if index is not None else None,
                remaining=remaining,
                stop_name_ko=names.get(favourite.stop_id, (favourite.stop_id,) * 2)[0],
                stop_name_en=names.get(favourite.stop_id, (favourite.stop_id,) * 2)[1],
            ):
                sent += 1
    return sent


def _arrival_text(*, feed_route: dict | None, arrival: dict, minutes: int) -> tuple[str, str]:
    """(ko, en): "N번 버스가 3분 후 도착합니다" / "Bus N arrives in 3 minutes" (trains say so)."""
    ko_name = arrival["route_short_name"] or arrival["route_id"]
    en_name = feed_route["short_name"][1] if feed_route else ko_name
    unit = "s" if minutes != 1 else ""
    if feed_route and feed_route["mode"] != "bus":
        return (
            f"{ko_name} 열차가 {minutes}분 후 도착합니다",
            f"{en_name} train arrives in {minutes} minute{unit}",
        )
    return (
        f"{ko_name}번 버스가 {minutes}분 후 도착합니다",
        f"Bus {en_name} arrives in {minutes} minute{unit}",
    )


def _notice_send(
    *,
    favourite: FavouriteStop,
    arrival: dict,
    remaining: int,
    stop_name_ko: str,
    stop_name_en: str,
    route: dict | None,
) -> bool:
    arrival_at = datetime.fromtimestamp(arrival["arrival"], UTC)
    route_ref = (arrival["route_id"] or arrival["route_short_name"])[:100]
    key = arrival["trip_id"] or arrival["vehicle_id"]
    if not key:
        window = (arrival_at - SAME_BUS_WINDOW, arrival_at + SAME_BUS_WINDOW)
        if FavouriteArrivalNotice.objects.filter(
            favourite=favourite, route_id=route_ref, arrival_at__range=window
        ).exists():
            return False
        key = f"{route_ref}@{arrival['arrival']}"
    minutes = max(1, round(remaining / 60))
    body_ko, body_en = _arrival_text(feed_route=route, arrival=arrival, minutes=minutes)
    try:
        with transaction.atomic():
            _notice, created = FavouriteArrivalNotice.objects.get_or_create(
                favourite=favourite,
                key=key[:200],
                defaults={"route_id": route_ref, "arrival_at": arrival_at},
            )
            if not created:
                return False
            notifications.notify(
                user=favourite.user,
                kind="transit",
                title_ko=stop_name_ko,
                title_en=stop_name_en,
                body_ko=body_ko,
                body_en=body_en,
                data={
                    "stop_id": favourite.stop_id,
                    "route_id": arrival["route_id"],
                    "trip_id": arrival["trip_id"] or None,
                    "arrival": arrival_at.isoformat(),
                },
            )
    except IntegrityError:  # another worker sent it first
        return False
    return True


def arrival_notices_purge(*, older_than: timedelta = timedelta(days=1)) -> int:
    deleted, _ = FavouriteArrivalNotice.objects.filter(
        sent_at__lt=timezone.now() - older_than
    ).delete()
    return deleted


# --- privacy ----------------------------------------------------------------------------------


def user_data_export(user) -> dict:
    return {
        "favourite_stops": [
            {
                "feed": f.feed_name,
                "stop_id": f.stop_id,
                "notify_minutes": f.notify_minutes,
                "created_at": f.created_at.isoformat(),
            }
            for f in FavouriteStop.objects.filter(user=user)
        ]
    }


def user_data_erase(user) -> None:
    FavouriteStop.objects.filter(user=user).delete()
