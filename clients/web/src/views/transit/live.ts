/**
 * The public live-bus sockets: /ws/transit/stops/<id>/ (`stop.arrivals`: a snapshot on connect,
 * then whenever the predictions change) and /ws/transit/routes/<id>/vehicles/ (`route.vehicles`).
 * Reconnects with backoff (1 s doubling to 30 s, with jitter); every connect starts with a fresh
 * snapshot. An unknown stop or route is closed with 4404 and not retried.
 */
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
const MAX_DELAY_MS = 30_000;

export function watch(
  path: string,
  onEvent: (message: TransitEvent) => void,
  onStatus: (status: SocketStatus) => void,
): () => void {
  let socket: WebSocket | null = null;
  let attempt = 0;
  let timer: number | undefined;
  let stopped = false;

  const open = (): void => {
    if (stopped) return;
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    onStatus("connecting");
    const ws = new WebSocket(`${scheme}//${location.host}${path}`);
    socket = ws;
    ws.addEventListener("open", () => {
      attempt = 0;
      onStatus("open");
    });
    ws.addEventListener("message", (event) => {
      try {
        onEvent(JSON.parse(String(event.data)) as TransitEvent);
      } catch {
        /* not JSON: ignore */
      }
    });
    ws.addEventListener("close", (event) => {
      if (socket !== ws || stopped) return;
      socket = null;
      if (event.code === CLOSE_NOT_FOUND) {
        onStatus("closed");
        return;
      }
      onStatus("offline");
      const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** attempt);
      attempt += 1;
      timer = window.setTimeout(open, delay / 2 + Math.random() * (delay / 2));
    });
  };

  open();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
    const ws = socket;
    socket = null;
    ws?.close(1000);
  };
}

export const stopSocketPath = (stopId: string) => `/ws/transit/stops/${encodeURIComponent(stopId)}/`;
export const routeSocketPath = (routeId: string) => `/ws/transit/routes/${encodeURIComponent(routeId)}/vehicles/`;
