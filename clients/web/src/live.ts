/**
 * The live notification socket: /ws/notifications/ on the same origin, authenticated by the
 * session cookie. Reconnects with exponential backoff (1 s doubling to 30 s, with jitter); after
 * a reconnect the unread count is fetched again, since events sent while offline are lost.
 */
import type { Schemas } from "./api/client";
import { refreshUnread, setUnread } from "./session";
import { openLiveSocket } from "./socket";

export type Notification = Schemas["NotificationOutput"];

type Unread = Schemas["NotificationUnreadCountOutput"];

type LiveEvent =
  | { event: "notification.created"; data: Unread & { notification: Notification } }
  | { event: "notification.read"; data: Unread };

const CLOSE_UNAUTHENTICATED = 4401;

export type LiveStatus = "connecting" | "open" | "offline" | "stopped";

const createdListeners = new Set<(notification: Notification) => void>();
const statusListeners = new Set<(status: LiveStatus) => void>();

let closeSocket: (() => void) | undefined;
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

export function startLive(): void {
  if (wanted) return;
  wanted = true;
  closeSocket = openLiveSocket<LiveEvent>("/ws/notifications/", {
    onEvent: handle,
    onStatus: (next) => setStatus(next === "closed" ? "stopped" : next),
    onOpen: (reconnected) => {
      if (reconnected) void refreshUnread();
    },
    stopOnClose: [CLOSE_UNAUTHENTICATED],
  });
}

export function stopLive(): void {
  wanted = false;
  closeSocket?.();
  closeSocket = undefined;
  setStatus("stopped");
}
