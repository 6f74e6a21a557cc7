/**
 * The public map socket /ws/rentals/stations/: a snapshot of every station's and spot's counts
 * first, then `station.status` / `spot.status` whenever a count changes. It reconnects with
 * backoff (1 s doubling to 30 s, with jitter); every reconnect starts with a fresh snapshot, so
 * nothing missed while offline stays wrong.
 */
export interface StationCounts {
  id: string;
  code: string;
  num_bikes_available: number;
  num_docks_available: number;
  is_renting: boolean;
  is_returning: boolean;
}

export interface SpotCounts {
  id: string;
  code: string;
  num_vehicles_available: number;
  capacity: number;
  occupancy: number;
  free: number;
}

export type StationsEvent =
  | { event: "stations.snapshot"; data: { stations: StationCounts[]; spots: SpotCounts[] } }
  | { event: "station.status"; data: StationCounts }
  | { event: "spot.status"; data: SpotCounts };

export type SocketStatus = "connecting" | "open" | "offline";

const MAX_DELAY_MS = 30_000;

export function watchStations(
  onEvent: (message: StationsEvent) => void,
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
    const ws = new WebSocket(`${scheme}//${location.host}/ws/rentals/stations/`);
    socket = ws;
    ws.addEventListener("open", () => {
      attempt = 0;
      onStatus("open");
    });
    ws.addEventListener("message", (event) => {
      try {
        onEvent(JSON.parse(String(event.data)) as StationsEvent);
      } catch {
        /* not JSON: ignore */
      }
    });
    ws.addEventListener("close", () => {
      if (socket !== ws || stopped) return;
      socket = null;
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
