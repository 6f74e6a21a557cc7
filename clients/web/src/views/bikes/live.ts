/**
 * The public map socket /ws/rentals/stations/: a snapshot of every station's and spot's counts
 * first, then `station.status` / `spot.status` whenever a count changes. It reconnects with
 * backoff (1 s doubling to 30 s, with jitter); every reconnect starts with a fresh snapshot, so
 * nothing missed while offline stays wrong.
 */
import type { Schemas } from "../../api/client";
import { openLiveSocket } from "../../socket";


/** The counts the socket sends: the changing fields of the REST answers (schema types). */
export type StationCounts = Pick<
  Schemas["StationOutput"],
  "id" | "code" | "num_bikes_available" | "num_docks_available" | "is_renting" | "is_returning"
>;
export type SpotCounts = Pick<
  Schemas["SpotOutput"],
  "id" | "code" | "num_vehicles_available" | "capacity" | "occupancy" | "free"
>;

export type StationsEvent =
  | { event: "stations.snapshot"; data: { stations: StationCounts[]; spots: SpotCounts[] } }
  | { event: "station.status"; data: StationCounts }
  | { event: "spot.status"; data: SpotCounts };

export type SocketStatus = "connecting" | "open" | "offline";

export function watchStations(
  onEvent: (message: StationsEvent) => void,
  onStatus: (status: SocketStatus) => void,
): () => void {
  return openLiveSocket<StationsEvent>("/ws/rentals/stations/", {
    onEvent,
    // With no stop-on-close codes the socket never reports "closed": it retries until stopped.
    onStatus: (status) => {
      if (status !== "closed") onStatus(status);
    },
  });
}
