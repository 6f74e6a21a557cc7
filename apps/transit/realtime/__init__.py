"""Live buses: normalised predictions and vehicle positions from the national TAGO API (when
TAGO_SERVICE_KEY is set) or the schedule simulator (the embedded default), kept in the cache,
pushed over WebSockets and exported as GTFS-Realtime."""
