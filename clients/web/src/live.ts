/**
 * The live notification socket: /ws/notifications/ on the same origin, authenticated by the
 * session cookie. Reconnects with exponential backoff (1 s doubling to 30 s, with jitter); after
 * a reconnect the unread count is fetched again, since events sent while offline are lost.
 */
import type { Schemas } from "./api/client";
import { refreshUnread, setUnread } from "./session";

export type Notification = Schemas["NotificationOutput"];

type LiveEvent =
  | { event: "notification.created"; data: { notification: Notification; unread: number } }
  | { event: "notification.read"; data: { unread: number } };

const CLOSE_UNAUTHENTICATED = 4401;
const MAX_DELAY_MS = 30_000;

export type LiveStatus = "connecting" | "open" | "offline" | "stopped";

const createdListeners = new Set<(notification: Notification) => void>();
const statusListeners = new Set<(status: LiveStatus) => void>();

let socket: WebSocket | null = null;
let attempt = 0;
let retryTimer: number | undefined;
let wanted = false;
let status: LiveStatus = "stopped";

function setStatus(next: LiveStatus): void {
  status = next;
  for (const listener of statusListeners) listener(next);
}

export function liveStatus(): LiveStatus {
  return status;
}

export function onLiveStatus(listener: (status: LiveStatus) => void): () => void {
  statusListeners.add(listener);
  return () => statusListeners.delete(listener);
}

export function onNotificationCreated(listener: (notification: Notification) => void): () => void {
  createdListeners.add(listener);
  return () => createdListeners.delete(listener);
}

function handle(message: LiveEvent): void {
  if (message.event === "notification.created") {
    setUnread(message.data.unread);
    for (const listener of createdListeners) listener(message.data.notification);
  } else if (message.event === "notification.read") {
    setUnread(message.data.unread);
  }
}

function scheduleReconnect(): void {
  const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** attempt);
  attempt += 1;
  retryTimer = window.setTimeout(open, delay / 2 + Math.random() * (delay / 2));
}

function open(): void {
  if (!wanted) return;
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  setStatus("connecting");
  const ws = new WebSocket(`${scheme}//${location.host}/ws/notifications/`);
  socket = ws;
  ws.addEventListener("open", () => {
    const reconnected = attempt > 0;
    attempt = 0;
    setStatus("open");
    if (reconnected) void refreshUnread();
  });
  ws.addEventListener("message", (event) => {
    try {
      handle(JSON.parse(String(event.data)) as LiveEvent);
    } catch {
      /* not JSON: ignore */
    }
  });
  ws.addEventListener("close", (event) => {
    if (socket !== ws) return;
    socket = null;
    if (!wanted || event.code === CLOSE_UNAUTHENTICATED) {
      setStatus("stopped");
      return;
    }
    setStatus("offline");
    scheduleReconnect();
  });
}

export function startLive(): void {
  if (wanted) return;
  wanted = true;
  attempt = 0;
  open();
}

export function stopLive(): void {
  wanted = false;
  window.clearTimeout(retryTimer);
  const ws = socket;
  socket = null;
  ws?.close(1000);
  setStatus("stopped");
}
