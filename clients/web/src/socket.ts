/**
 * One WebSocket on the same origin that reconnects by itself: messages are JSON `{event, data}`
 * (anything that is not JSON is ignored); a dropped connection is retried with exponential backoff
 * (1 s doubling to 30 s, with jitter, so many clients do not all come back at the same moment).
 * A close code listed in `stopOnClose` means retrying cannot help (unknown stop, not signed in),
 * so the socket then stays closed.
 */
export type LiveSocketStatus = "connecting" | "open" | "offline" | "closed";

export interface LiveSocketOptions<E> {
  onEvent: (message: E) => void;
  onStatus?: (status: LiveSocketStatus) => void;
  /** Called after `onStatus("open")`; `reconnected` is true when an earlier connection was lost. */
  onOpen?: (reconnected: boolean) => void;
  stopOnClose?: readonly number[];
}

const MAX_DELAY_MS = 30_000;

/** Opens `path` (e.g. "/ws/notifications/") and returns a function that closes it for good. */
export function openLiveSocket<E>(path: string, options: LiveSocketOptions<E>): () => void {
  const { onEvent, onStatus, onOpen, stopOnClose = [] } = options;
  let socket: WebSocket | null = null;
  let attempt = 0;
  let timer: number | undefined;
  let stopped = false;

  const open = (): void => {
    if (stopped) return;
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    onStatus?.("connecting");
    const ws = new WebSocket(`${scheme}//${location.host}${path}`);
    socket = ws;
    ws.addEventListener("open", () => {
      const reconnected = attempt > 0;
      attempt = 0;
      onStatus?.("open");
      onOpen?.(reconnected);
    });
    ws.addEventListener("message", (event) => {
      let message: E;
      try {
        message = JSON.parse(String(event.data)) as E;
      } catch {
        return; // not JSON: ignore
      }
      onEvent(message); // a bug in a handler must surface, not pass for bad input
    });
    ws.addEventListener("close", (event) => {
      // A socket we already replaced or closed on purpose must not schedule a retry.
      if (socket !== ws || stopped) return;
      socket = null;
      if (stopOnClose.includes(event.code)) {
        onStatus?.("closed");
        return;
      }
      onStatus?.("offline");
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
