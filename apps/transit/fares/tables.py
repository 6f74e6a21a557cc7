"""A feed's fare tables, loaded once per feed version and kept in memory, as the planner keeps its
timetable (planner/timetable.py).

Pricing a plan used to read seven tables on every request (leg and transfer rules, products, rider
categories, route networks, stop areas, the itineraries' stops). They change only when a feed is
imported (a new Feed row) or when staff edit fare data in admin, so each process keeps them per
feed, keyed by what identifies that data:

- the feed's id, version and import time (a test database may give a new feed an old id), and
- ``Feed.fares_revision``, bumped in the same transaction as every save or delete of a row the
  tables are built from (the receivers below; ``gimhae_fares_install`` bumps it after its bulk
  writes). Every request reads its feed row anyway, so each process sees an edit made through
  another process on its next request, at no extra query.

Writes that send no signals (``bulk_create``, ``QuerySet.update``, raw deletes) must call
:func:`fare_tables_changed` themselves; the importer needs not, since it writes a new feed.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from datetime import date

from django.db.models import F
from django.db.models.signals import post_delete, post_save

from apps.transit import models as m

SOURCE_V2 = "gtfs-fares-v2"
SOURCE_V1 = "gtfs-fares-v1"
SOURCE_NONE = "none"

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_SERVICE_MEMO_MAX = 10_000  # (service, day) answers kept per feed before starting over


class FareTables:
    """One feed's fare data as the engine reads it. Shared by every request of this process:
    read-only after construction, except the calendar memo (single dict writes, safe to race)."""

    def __init__(self, feed: m.Feed):
        self.feed_id = feed.id
        self.key = fare_tables_key(feed)
        self.leg_rules = list(m.FareLegRule.objects.filter(feed=feed).order_by("id"))
        self.fares_v1: list[m.FareAttribute] = []
        self.categories: dict[str, m.RiderCategory] = {}
        self.products: dict[str, list[m.FareProduct]] = defaultdict(list)
        self.transfer_rules: list[m.FareTransferRule] = []
        self.route_networks: dict[str, set[str]] = defaultdict(set)
        self.stop_areas: dict[str, set[str]] = defaultdict(set)
        self.timeframes: dict[str, list[m.Timeframe]] = defaultdict(list)
        self.named_networks: set[str] = set()
        self.named_from_areas: set[str] = set()
        self.named_to_areas: set[str] = set()
        self.named_from_groups: set[str] = set()
        self.named_to_groups: set[str] = set()
        self.uses_priority = False
        self.v1_rules: dict[int, dict] = {}
        self.route_agency: dict[str, str] = {}
        # stop_id → (zone_id, parent stop_id): v1 zones, and v2 areas a platform inherits
        self.stops: dict[str, tuple[str, str]] = {}
        self._services: dict[tuple[str, date], bool] = {}
        if self.leg_rules:
            self.source = SOURCE_V2
            self._load_v2(feed)
        else:
            self.fares_v1 = list(m.FareAttribute.objects.filter(feed=feed).order_by("id"))
            self.source = SOURCE_V1 if self.fares_v1 else SOURCE_NONE
            if self.fares_v1:
                self._load_v1(feed)
        if self.source == SOURCE_V1 or self.stop_areas:
            self._load_stops(feed)
        self.currency = self._currency()

    def _load_v2(self, feed: m.Feed) -> None:
        self.categories = {
            c.rider_category_id: c for c in m.RiderCategory.objects.filter(feed=feed).order_by("id")
        }
        for p in m.FareProduct.objects.filter(feed=feed).order_by("id"):
            self.products[p.fare_product_id].append(p)
        self.transfer_rules = list(m.FareTransferRule.objects.filter(feed=feed).order_by("id"))
        for network_id, route_id in m.RouteNetwork.objects.filter(feed=feed).values_list(
            "network_id", "route_id"
        ):
            self.route_networks[route_id].add(network_id)
        for area_id, stop_id in m.StopArea.objects.filter(feed=feed).values_list(
            "area_id", "stop_id"
        ):
            self.stop_areas[stop_id].add(area_id)
        if any(r.from_timeframe_group_id or r.to_timeframe_group_id for r in self.leg_rules):
            for tf in m.Timeframe.objects.filter(feed=feed):
                self.timeframes[tf.timeframe_group_id].append(tf)
        self.named_networks = {r.network_id for r in self.leg_rules if r.network_id}
        self.named_from_areas = {r.from_area_id for r in self.leg_rules if r.from_area_id}
        self.named_to_areas = {r.to_area_id for r in self.leg_rules if r.to_area_id}
        self.uses_priority = any(r.rule_priority is not None for r in self.leg_rules)
        self.named_from_groups = {
            r.from_leg_group_id for r in self.transfer_rules if r.from_leg_group_id
        }
        self.named_to_groups = {r.to_leg_group_id for r in self.transfer_rules if r.to_leg_group_id}

    def _load_v1(self, feed: m.Feed) -> None:
        for fare in self.fares_v1:
            self.v1_rules[fare.id] = {"routes": set(), "od": set(), "contains": set(), "any": False}
        for rule in m.FareRule.objects.filter(feed=feed):
            rs = self.v1_rules[rule.fare_id]
            rs["any"] = True
            if rule.route_id:
                rs["routes"].add(rule.route_id)
            if rule.origin_id or rule.destination_id:
                rs["od"].add((rule.origin_id, rule.destination_id))
            if rule.contains_id:
                rs["contains"].add(rule.contains_id)
        self.route_agency = dict(
            m.Route.objects.filter(feed=feed).values_list("route_id", "agency__agency_id")
        )

    def _load_stops(self, feed: m.Feed) -> None:
        rows = m.Stop.objects.filter(feed=feed).values_list(
            "stop_id", "zone_id", "parent__stop_id", "parent__zone_id"
        )
        for stop_id, zone, parent, parent_zone in rows:
            self.stops[stop_id] = (zone or parent_zone or "", parent or "")

    def _currency(self) -> str:
        if self.source == SOURCE_V2:
            for products in self.products.values():
                return products[0].currency.upper()
        if self.source == SOURCE_V1:
            return self.fares_v1[0].currency_type.upper()
        return "KRW"

    def service_active(self, service_id: str, day: date) -> bool:
        """Whether a timeframe's service runs on ``day`` (asked only by fare rules with
        timeframes; remembered, since the calendar is part of what the key covers)."""
        key = (service_id, day)
        active = self._services.get(key)
        if active is None:
            exception = (
                m.CalendarDate.objects.filter(feed_id=self.feed_id, service_id=service_id, date=day)
                .values_list("exception_type", flat=True)
                .first()
            )
            if exception is not None:
                active = exception == m.CalendarDate.ExceptionType.ADDED
            else:
                cal = m.Calendar.objects.filter(feed_id=self.feed_id, service_id=service_id).first()
                active = bool(
                    cal
                    and cal.start_date <= day <= cal.end_date
                    and getattr(cal, _WEEKDAYS[day.weekday()])
                )
            if len(self._services) >= _SERVICE_MEMO_MAX:
                self._services = {}
            self._services[key] = active
        return active


_cache: dict[int, FareTables] = {}
_cache_lock = threading.Lock()


def fare_tables_key(feed: m.Feed) -> tuple:
    return (feed.id, feed.version, feed.imported_at, feed.fares_revision)


def fare_tables_get(*, feed: m.Feed) -> FareTables:
    """This feed's fare tables, built on first use and again after they change."""
    key = fare_tables_key(feed)
    tables = _cache.get(feed.id)
    if tables is not None and tables.key == key:
        return tables
    with _cache_lock:
        tables = _cache.get(feed.id)
        if tables is None or tables.key != key:
            tables = FareTables(feed)
            _cache[feed.id] = tables
    return tables


def fare_tables_changed(*, feed_id: int) -> None:
    """Fare data of the feed changed: bump its revision (seen by every process on its next
    request) and drop this process's copy. Call it inside the writing transaction."""
    m.Feed.objects.filter(id=feed_id).update(fares_revision=F("fares_revision") + 1)
    with _cache_lock:
        _cache.pop(feed_id, None)


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()


# the rows FareTables reads, so the rows whose admin edits must reach the next plan
SOURCE_MODELS: tuple[type[m.FeedRow], ...] = (
    m.FareLegRule,
    m.FareTransferRule,
    m.FareProduct,
    m.RiderCategory,
    m.RouteNetwork,
    m.StopArea,
    m.Timeframe,
    m.FareAttribute,
    m.FareRule,
    m.Route,
    m.Agency,
    m.Stop,
    m.Calendar,
    m.CalendarDate,
)


def _row_changed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata: no feed row to bump yet, nothing cached either
        return
    origin = kwargs.get("origin")  # post_delete: what delete() was called on
    if isinstance(origin, m.Feed) or getattr(origin, "model", None) is m.Feed:
        return  # the whole feed goes, and its cached tables with its key
    fare_tables_changed(feed_id=instance.feed_id)


def connect_signals() -> None:
    for model in SOURCE_MODELS:
        uid = f"transit.fare_tables.{model.__name__}"
        post_save.connect(_row_changed, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(_row_changed, sender=model, dispatch_uid=f"{uid}.delete")
