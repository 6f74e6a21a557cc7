/**
 * The chat's WebSocket (/ws/chat/): like src/socket.ts — JSON `{event, data}`, reconnecting with
 * backoff — but it also sends (`{type: "ask" | "handoff" | "reply" | "typing", …}`). `send`
 * returns false when the socket is not open, so the caller falls back to HTTP.
 */
import "../../i18n/chat";
export interface ChatEvent {
  event: string;
  data: Record<string, unknown>;
}

export interface ChatSocket {
  send: (message: Record<string, unknown>) => boolean;
  isOpen: () => boolean;
  close: () => void;
}

const MAX_DELAY_MS = 30_000;

export function openChatSocket(
  path: () => string,
  onEvent: (message: ChatEvent) => void,
  onStatus?: (open: boolean) => void,
): ChatSocket {
  let socket: WebSocket | null = null;
  let attempt = 0;
  let timer: number | undefined;
  let stopped = false;

  const open = (): void => {
    if (stopped) return;
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebSocket(`${scheme}//${location.host}${path()}`);
    socket = ws;
    ws.addEventListener("open", () => {
      attempt = 0;
      onStatus?.(true);
    });
    ws.addEventListener("message", (event) => {
      let message: ChatEvent;
      try {
        message = JSON.parse(String(event.data)) as ChatEvent;
      } catch {
        return;
      }
      onEvent(message);
    });
    ws.addEventListener("close", (event) => {
      if (socket !== ws || stopped) return;
      socket = null;
      onStatus?.(false);
      if (event.code === 4403) return; // not allowed: retrying cannot help
      const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** attempt);
      attempt += 1;
      timer = window.setTimeout(open, delay / 2 + Math.random() * (delay / 2));
    });
  };

  open();
  return {
    send: (message) => {
      if (!socket || socket.readyState !== WebSocket.OPEN) return false;
      socket.send(JSON.stringify(message));
      return true;
    },
    isOpen: () => socket?.readyState === WebSocket.OPEN,
    close: () => {
      stopped = true;
      window.clearTimeout(timer);
      const ws = socket;
      socket = null;
      ws?.close(1000);
    },
  };
}
