"""Live buses over WebSockets, for everyone (the same data is open in GTFS-Realtime).

- ``/ws/transit/stops/<stop_id>/``: a ``stop.arrivals`` snapshot on connect, then a new
  ``stop.arrivals`` whenever the predictions at the stop change.
- ``/ws/transit/routes/<route_id>/vehicles/``: a ``route.vehicles`` snapshot, then positions as
  vehicles move.

An unknown stop or route is accepted and closed with 4404, so the client sees why.
"""

import time

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async

from apps.core.ws import EventConsumer

from .errors import TransitError
from .models import Route, Stop
from .realtime import predictions
from .selectors import feed_get_live

CLOSE_NOT_FOUND = 4404


@database_sync_to_async
def _feed_with(model, **lookup):
    try:
        feed = feed_get_live()
    except TransitError:
        return None
    return feed if model.objects.filter(feed=feed, **lookup).exists() else None


class _LiveConsumer(EventConsumer):
    async def _refuse(self):
        await self.accept()
        await self.close(code=CLOSE_NOT_FOUND)

    async def receive_json(self, content, **kwargs):
        """Clients only listen."""


class StopArrivalsConsumer(_LiveConsumer):
    async def get_groups(self) -> list[str] | None:
        self.stop_id = self.scope["url_route"]["kwargs"]["stop_id"]
        self.feed = await _feed_with(Stop, stop_id=self.stop_id)
        if self.feed is None:
            await self._refuse()
            return None
        return [predictions.stop_group(self.stop_id)]

    async def connect(self):
        await super().connect()
        if getattr(self, "groups_joined", None):
            items = await sync_to_async(predictions.stop_arrivals_get)(
                feed_id=self.feed.id, stop_id=self.stop_id
            )
            payload = predictions.stop_payload(
                stop_id=self.stop_id, items=items, now=int(time.time())
            )
            await self.send_json({"event": "stop.arrivals", "data": payload})


class RouteVehiclesConsumer(_LiveConsumer):
    async def get_groups(self) -> list[str] | None:
        self.route_id = self.scope["url_route"]["kwargs"]["route_id"]
        self.feed = await _feed_with(Route, route_id=self.route_id)
        if self.feed is None:
            await self._refuse()
            return None
        return [predictions.route_group(self.route_id)]

    async def connect(self):
        await super().connect()
        if getattr(self, "groups_joined", None):
            items = await sync_to_async(predictions.route_vehicles_get)(
                feed_id=self.feed.id, route_id=self.route_id
            )
            payload = predictions.route_payload(
                route_id=self.route_id, items=items, now=int(time.time())
            )
            await self.send_json({"event": "route.vehicles", "data": payload})
