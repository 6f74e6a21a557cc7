"""Gimhae's default fares, written as GTFS Fares v2 rows on the gimhae-demo feed (staff edit them in
admin afterwards; the engine reads whatever is there).

DEMO AMOUNTS. The city plan names the structure (bus and light rail, the Korean integrated transfer
discount, rider categories adult/youth/child/senior) but gives no amounts. The won amounts below are
invented for the demo, shaped like Korean fares (the light rail dearer beyond 10 km, youth and child
discounts) and labelled "demo amount" (데모 금액) in every product name, in each language; they are not Gimhae's tariff.

- networks: gimhae-bus (routes B*), bgl-lrt (the Busan–Gimhae light rail, route BGL)
- one transfer rule for every pair: within 30 min of alighting, up to 2 transfers, the next ride
  costs only the difference when it is dearer than the dearest fare already paid
  (fare_transfer_type 3, the engine's "pay the difference" extension).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from apps.transit import models as m

from .engine import TRANSFER_DIFFERENCE
from .tables import fare_tables_changed

CATEGORIES = [
    # id, name (ko, en), default
    ("adult", ("일반", "Adult"), True),
    ("youth", ("청소년 (13–18세)", "Youth (13–18)"), False),
    ("child", ("어린이 (6–12세)", "Child (6–12)"), False),
    ("senior", ("어르신 (65세 이상)", "Senior (65+)"), False),
]

# demo amounts in won: (bus, light rail up to 10 km, light rail from 10 km)
DEMO_AMOUNTS = {
    "adult": (1500, 1500, 1700),
    "youth": (1050, 1050, 1200),
    "child": (650, 650, 750),
    "senior": (1500, 1500, 1700),  # the plan names no senior discount
}

# product id → name (ko, en); "demo amount" in the rider's one language
PRODUCTS = {
    "bus": ("버스 (데모 금액)", "Bus (demo amount)"),
    "lrt-10km": ("경전철 10km 미만 (데모 금액)", "Light rail under 10 km (demo amount)"),
    "lrt-long": ("경전철 10km 이상 (데모 금액)", "Light rail 10 km or more (demo amount)"),
}

NETWORKS = [
    ("gimhae-bus", ("김해 시내버스", "Gimhae city bus")),
    ("bgl-lrt", ("부산김해경전철", "Busan–Gimhae Light Rail")),
]
TRANSFER_MINUTES = 30
TRANSFER_COUNT = 2


def _network_for(route: m.Route) -> str | None:
    if route.route_id == "BGL" or route.route_type in (0, 1, 2):
        return "bgl-lrt"
    if route.route_type == 3:
        return "gimhae-bus"
    return None


@transaction.atomic
def gimhae_fares_install(*, feed: m.Feed) -> bool:
    """Write the default Gimhae fare rows on ``feed`` unless it already has fare leg rules (staff
    edits are kept). Returns True when rows were written."""
    if m.FareLegRule.objects.filter(feed=feed).exists():
        return False
    m.Network.objects.bulk_create(
        m.Network(feed=feed, network_id=n, name=ko, name_ko=ko, name_en=en)
        for n, (ko, en) in NETWORKS
    )
    m.RouteNetwork.objects.bulk_create(
        m.RouteNetwork(feed=feed, network_id=network, route_id=route.route_id)
        for route in m.Route.objects.filter(feed=feed)
        if (network := _network_for(route))
    )
    m.RiderCategory.objects.bulk_create(
        m.RiderCategory(
            feed=feed, rider_category_id=cid, name=ko, name_ko=ko, name_en=en, is_default=default
        )
        for cid, (ko, en), default in CATEGORIES
    )
    products = []
    for cid, (bus, lrt_short, lrt_long) in DEMO_AMOUNTS.items():
        for product_id, amount in (("bus", bus), ("lrt-10km", lrt_short), ("lrt-long", lrt_long)):
            ko, en = PRODUCTS[product_id]
            products.append(
                m.FareProduct(
                    feed=feed,
                    fare_product_id=product_id,
                    name=ko,
                    name_ko=ko,
                    name_en=en,
                    rider_category_id=cid,
                    amount=Decimal(amount),
                    currency="KRW",
                )
            )
    m.FareProduct.objects.bulk_create(products)
    m.FareLegRule.objects.bulk_create(
        [
            m.FareLegRule(
                feed=feed, leg_group_id="bus", network_id="gimhae-bus", fare_product_id="bus"
            ),
            m.FareLegRule(
                feed=feed,
                leg_group_id="lrt",
                network_id="bgl-lrt",
                fare_product_id="lrt-10km",
                max_distance=10,
                distance_type=1,
            ),
            m.FareLegRule(
                feed=feed,
                leg_group_id="lrt",
                network_id="bgl-lrt",
                fare_product_id="lrt-long",
                min_distance=10,
                distance_type=1,
            ),
        ]
    )
    m.FareTransferRule.objects.create(
        feed=feed,
        from_leg_group_id="",
        to_leg_group_id="",
        transfer_count=TRANSFER_COUNT,
        duration_limit=TRANSFER_MINUTES * 60,
        duration_limit_type=2,  # from alighting to the next boarding
        fare_transfer_type=TRANSFER_DIFFERENCE,
    )
    # bulk_create sends no signals: tell the cached fare tables (this process's and the others')
    fare_tables_changed(feed_id=feed.id)
    feed.refresh_from_db(fields=["fares_revision"])
    return True
