/**
 * The public live-bus sockets: /ws/transit/stops/<id>/ (`stop.arrivals`: a snapshot on connect,
 * then whenever the predictions change) and /ws/transit/routes/<id>/vehicles/ (`route.vehicles`).
 * Reconnects with backoff (1 s doubling to 30 s, with jitter); every connect starts with a fresh
 * snapshot. An unknown stop or route is closed with 4404 and not retried.
 */
import type { Schemas } from "../../api/client";
import { openLiveSocket } from "../../socket";


/** Payloads from the schema (the same serializers the REST endpoints answer with). */
export type LiveArrival = Schemas["LiveArrivalOutput"];
export type LiveVehicle = Schemas["LiveVehicleOutput"];

export type TransitEvent =
  | { event: "stop.arrivals"; data: Schemas["StopArrivalsOutput"] }
  | { event: "route.vehicles"; data: Schemas["RouteVehiclesOutput"] };

export type SocketStatus = "connecting" | "open" | "offline" | "closed";

const CLOSE_NOT_FOUND = 4404;

export function watch(
  path: string,
  onEvent: (message: TransitEvent) => void,
  onStatus: (status: SocketStatus) => void,
): () => void {
  return openLiveSocket<TransitEvent>(path, {
    onEvent,
    onStatus,
    stopOnClose: [CLOSE_NOT_FOUND],
  });
}

export const stopSocketPath = (stopId: string) => `/ws/transit/stops/${encodeURIComponent(stopId)}/`;
export const routeSocketPath = (routeId: string) => `/ws/transit/routes/${encodeURIComponent(routeId)}/vehicles/`;
