/**
 * The public live-bus sockets: /ws/transit/stops/<id>/ (`stop.arrivals`: a snapshot on connect,
 * then whenever the predictions change) and /ws/transit/routes/<id>/vehicles/ (`route.vehicles`).
 * Reconnects with backoff (1 s doubling to 30 s, with jitter); every connect starts with a fresh
 * snapshot. An unknown stop or route is closed with 4404 and not retried.
 */
import { openLiveSocket } from "../../socket";

export interface LiveArrival {
  route_id: string;
  route_short_name: string;
  trip_id: string | null;
  stop_id: string;
  vehicle_id: string | null;
  vehicle_label: string;
  arrival: string;
  arrival_in_s: number;
  scheduled: string | null;
  delay_s: number | null;
  stops_away: number | null;
  source: string;
}

export interface LiveVehicle {
  vehicle_id: string;
  label: string;
  route_id: string;
  trip_id: string | null;
  lat: number;
  lon: number;
  bearing: number | null;
  stop_id: string | null;
  status: string | null;
  delay_s: number | null;
  timestamp: string | null;
  source: string;
}

export type TransitEvent =
  | { event: "stop.arrivals"; data: { stop_id: string; generated_at: string; arrivals: LiveArrival[] } }
  | { event: "route.vehicles"; data: { route_id: string; generated_at: string; vehicles: LiveVehicle[] } };

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
