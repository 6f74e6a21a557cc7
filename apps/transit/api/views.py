from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from apps.core.api.schema import errors
from apps.core.api.views import OpenDataApi
from apps.transit import selectors
from apps.transit.fares.quote import itineraries_price
from apps.transit.planner.plan import Place
from apps.transit.realtime import predictions
from apps.transit.services import endpoints, pm_spots

from .serializers import (
    FeedInput,
    RouteDetailOutput,
    RouteOutput,
    StopDetailInput,
    StopDetailOutput,
    StopListInput,
    StopNearOutput,
    StopOutput,
    TripPlanInput,
    TripPlanOutput,
)


def _local(feed, moment):
    """An ISO time without an offset is wall-clock time in the feed's zone."""
    if moment is not None and moment.tzinfo is None:
        from zoneinfo import ZoneInfo

        return moment.replace(tzinfo=ZoneInfo(feed.timezone))
    return moment


class TripPlanView(OpenDataApi):
    @extend_schema(
        parameters=[TripPlanInput],
        responses={200: TripPlanOutput, **errors(400, 404)},
        summary="Plan a trip by bus and light rail",
        description="Itineraries sorted by arrival: the earliest possible arrival is always among "
        "them, plus alternatives with fewer transfers or less walking. Each has its `fare`: a "
        "per-leg breakdown with a one-line explanation, the discounts applied and the total, for "
        "`rider_category` (unknown → 400 `transit.unknown_rider_category`), and a "
        "`purchase_token` to buy the whole trip.",
    )
    def get(self, request):
        query = TripPlanInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        feed = selectors.feed_get_live(name=data.get("feed"))
        when = _local(feed, data.get("arrive_by") or data.get("depart_at")) or timezone.now()
        itineraries = selectors.trip_plan(
            feed=feed,
            origin=_place(data, "from"),
            destination=_place(data, "to"),
            when=when,
            arrive_by="arrive_by" in data,
            max_transfers=data.get("max_transfers"),
            max_walk_m=data.get("max_walk_m"),
            min_transfer_s=data.get("min_transfer_s"),
            modes=frozenset({"park_and_ride"}) if data.get("park_and_ride") else frozenset(),
            return_at=_local(feed, data.get("park_until")),
            **_rider(request),
        )
        # a point end at a tourism place is named after it, in both languages (services/endpoints)
        itineraries = endpoints.itineraries_name_ends(
            itineraries=itineraries,
            origin=_end_names(data, "from"),
            destination=_end_names(data, "to"),
        )
        # a trip ending on an e-scooter lists the PM niche spots near its end (services/pm_spots)
        itineraries = pm_spots.itineraries_pm_spots(itineraries=itineraries)
        # fares (apps/transit/fares): per-leg breakdown, discounts, total, purchase_token
        itineraries = itineraries_price(
            feed=feed, itineraries=itineraries, rider_category=data.get("rider_category")
        )
        return Response(trip_plan_output(feed=feed, itineraries=itineraries))


# DRF deep-copies a serializer's declared fields for every new instance: eleven nested serializers
# per plan, most of the serialising time in the profile (see benchmarks/transit_planner.py). The
# plan is rendered through one field tree built once per process instead; to_representation keeps
# no state between calls (no context, no request), so concurrent requests may share it.
_TRIP_PLAN_OUTPUT = TripPlanOutput()


def trip_plan_output(*, feed, itineraries: list[dict]) -> dict:
    """The plan endpoint's body, exactly as ``TripPlanOutput(...).data`` would give it."""
    return _TRIP_PLAN_OUTPUT.to_representation(
        {"feed": {"name": feed.name, "version": feed.version}, "itineraries": itineraries}
    )


def _end_names(data: dict, end: str) -> endpoints.Names | None:
    if f"{end}_stop" in data:
        return None
    return endpoints.endpoint_names(place_id=data.get(f"{end}_place"), point=data.get(end))


def _rider(request) -> dict:
    """Who plans, for leg providers that depend on the rider (DRT: rider class, location consent).
    Anonymous planning is unchanged."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    from apps.accounts import facade as accounts

    kinds = {"location"}
    consents = frozenset(k for k in kinds if accounts.user_has_consent(user_id=user.id, kind=k))
    return {"rider_id": user.id, "consents": consents}


def _place(data: dict, end: str) -> Place:
    if f"{end}_stop" in data:
        return Place(stop_id=data[f"{end}_stop"])
    lat, lon = data[end]
    return Place(lat=lat, lon=lon)


class StopListView(OpenDataApi):
    @extend_schema(
        parameters=[StopListInput],
        responses={200: StopNearOutput(many=True), **errors(400, 404)},
        summary="Stops near a point (or by name)",
        description="With `near`: stops within `radius_m`, nearest first, with `distance_m` "
        "(`distance_m` is absent without `near`).",
    )
    def get(self, request):
        query = StopListInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        feed = selectors.feed_get_live(name=data.get("feed"))
        if "near" in data:
            lat, lon = data["near"]
            stops = selectors.stop_list_near(
                feed=feed, lat=lat, lon=lon, radius_m=data["radius_m"], limit=data["limit"]
            )
            return Response(StopNearOutput(stops, many=True).data)
        stops = selectors.stop_list(feed=feed, q=data.get("q"), limit=data["limit"])
        return Response(StopOutput(stops, many=True).data)


class StopDetailView(OpenDataApi):
    @extend_schema(
        parameters=[StopDetailInput],
        responses={200: StopDetailOutput, **errors(400, 404)},
        summary="A stop with its next departures",
    )
    def get(self, request, stop_id: str):
        query = StopDetailInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        feed = selectors.feed_get_live(name=data.get("feed"))
        stop = selectors.stop_get(feed=feed, stop_id=stop_id)
        departures = selectors.stop_departures(
            feed=feed, stop_id=stop_id, at=_local(feed, data.get("at")), limit=data["limit"]
        )
        # live buses: "predicted" from TAGO or the simulator when known
        stop.departures = predictions.departures_predict(
            feed=feed, stop_id=stop_id, departures=departures
        )
        return Response(StopDetailOutput(stop).data)


class RouteListView(OpenDataApi):
    @extend_schema(
        parameters=[FeedInput],
        responses={200: RouteOutput(many=True), **errors(404)},
        summary="Routes of a feed",
    )
    def get(self, request):
        query = FeedInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        feed = selectors.feed_get_live(name=query.validated_data.get("feed"))
        return Response(RouteOutput(selectors.route_list(feed=feed), many=True).data)


class RouteDetailView(OpenDataApi):
    @extend_schema(
        parameters=[FeedInput, OpenApiParameter("route_id", str, OpenApiParameter.PATH)],
        responses={200: RouteDetailOutput, **errors(404)},
        summary="A route with its shape and stops",
    )
    def get(self, request, route_id: str):
        query = FeedInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        feed = selectors.feed_get_live(name=query.validated_data.get("feed"))
        route = selectors.route_get(feed=feed, route_id=route_id)
        route.geometry = selectors.route_geometry(route=route)
        route.stops = selectors.route_stops(route=route)
        return Response(RouteDetailOutput(route).data)
