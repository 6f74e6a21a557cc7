"""Live buses: arrivals at a stop, vehicles on a route, favourite stops, service alerts."""

import time

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from apps.core.api.schema import errors
from apps.core.api.views import OpenDataApi, UserApi
from apps.transit import selectors
from apps.transit.realtime import favourites, predictions

from .live_serializers import (
    AlertOutput,
    FavouriteAddInput,
    FavouriteOutput,
    RouteVehiclesOutput,
    StopArrivalsOutput,
)
from .serializers import FeedInput


class StopArrivalsView(OpenDataApi):
    @extend_schema(
        parameters=[FeedInput, OpenApiParameter("stop_id", str, OpenApiParameter.PATH)],
        responses={200: StopArrivalsOutput, **errors(404)},
        summary="Live arrivals at a stop",
        description="The latest predictions (TAGO or the schedule simulator), soonest first — the "
        "same payload `/ws/transit/stops/<stop_id>/` pushes. Empty when nothing is known.",
    )
    def get(self, request, stop_id: str):
        query = FeedInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        feed = selectors.feed_get_live(name=query.validated_data.get("feed"))
        stop = selectors.stop_get(feed=feed, stop_id=stop_id)
        items = predictions.stop_arrivals_get(feed_id=feed.id, stop_id=stop.stop_id)
        payload = predictions.stop_payload(stop_id=stop.stop_id, items=items, now=int(time.time()))
        return Response(StopArrivalsOutput(payload).data)


class RouteVehiclesView(OpenDataApi):
    @extend_schema(
        parameters=[FeedInput, OpenApiParameter("route_id", str, OpenApiParameter.PATH)],
        responses={200: RouteVehiclesOutput, **errors(404)},
        summary="Live vehicles on a route",
        description="The latest positions — the same payload "
        "`/ws/transit/routes/<route_id>/vehicles/` pushes.",
    )
    def get(self, request, route_id: str):
        query = FeedInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        feed = selectors.feed_get_live(name=query.validated_data.get("feed"))
        route = selectors.route_get(feed=feed, route_id=route_id)
        items = predictions.route_vehicles_get(feed_id=feed.id, route_id=route.route_id)
        payload = predictions.route_payload(
            route_id=route.route_id, items=items, now=int(time.time())
        )
        return Response(RouteVehiclesOutput(payload).data)


class FavouriteListView(UserApi):
    @extend_schema(
        parameters=[FeedInput],
        responses={200: FavouriteOutput(many=True), **errors(401, 404)},
        summary="My favourite stops",
    )
    def get(self, request):
        query = FeedInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        feed = selectors.feed_get_live(name=query.validated_data.get("feed"))
        items = selectors.favourite_list_for_user(user=request.user, feed=feed)
        return Response(FavouriteOutput(items, many=True).data)

    @extend_schema(
        request=FavouriteAddInput,
        responses={201: FavouriteOutput, 200: FavouriteOutput, **errors(400, 401, 404)},
        summary="Add a favourite stop (or change its notification time)",
        description='`notify_minutes` > 0: a notification "bus N arrives in M minutes" when a '
        "bus is predicted that close, once per bus. 201 when added, 200 when it was already there.",
    )
    def post(self, request):
        data = FavouriteAddInput(data=request.data)
        data.is_valid(raise_exception=True)
        feed = selectors.feed_get_live(name=data.validated_data.get("feed"))
        favourite, created = favourites.favourite_add(
            user=request.user,
            feed=feed,
            stop_id=data.validated_data["stop_id"],
            notify_minutes=data.validated_data["notify_minutes"],
        )
        return Response(
            FavouriteOutput(favourite).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class FavouriteDetailView(UserApi):
    @extend_schema(
        parameters=[FeedInput, OpenApiParameter("stop_id", str, OpenApiParameter.PATH)],
        responses={204: None, **errors(401, 404)},
        summary="Remove a favourite stop",
    )
    def delete(self, request, stop_id: str):
        query = FeedInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        feed = selectors.feed_get_live(name=query.validated_data.get("feed"))
        favourites.favourite_remove(user=request.user, feed=feed, stop_id=stop_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AlertListView(OpenDataApi):
    @extend_schema(
        responses={200: AlertOutput(many=True)},
        summary="Service alerts active now",
        description="Header and description in the request's language (Accept-Language: ko/en).",
    )
    def get(self, request):
        return Response(AlertOutput(selectors.alert_list_active(), many=True).data)
