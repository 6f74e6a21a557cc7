/**
 * Whether the app can reach the server. The browser's `online`/`offline` events are a hint; a
 * request that fails without an answer is proof. While offline the app probes /healthz now and
 * then, and when the network is back every listener hears it (the shell then redraws screens that
 * showed offline copies, so they recover by themselves).
 */
const listeners = new Set<(online: boolean) => void>();
const PROBE_MS = 10_000;

let online = typeof navigator === "undefined" ? true : navigator.onLine;
let probe: number | undefined;

export function isOnline(): boolean {
  return online;
}

export function onConnectivity(listener: (online: boolean) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function set(next: boolean): void {
  if (next === online) return;
  online = next;
  window.clearInterval(probe);
  probe = undefined;
  if (!next) probe = window.setInterval(() => void check(), PROBE_MS);
  for (const listener of listeners) listener(next);
}

/** A request got an answer (any HTTP status): the network is there. */
export function markOnline(): void {
  set(true);
}

/** A request got no answer at all. */
export function markOffline(): void {
  set(false);
}

async function check(): Promise<void> {
  try {
    const response = await fetch("/healthz", { cache: "no-store" });
    if (response.status < 500 || response.status === 503) set(true);
  } catch {
    /* still offline */
  }
}

window.addEventListener("offline", () => set(false));
window.addEventListener("online", () => void check());
if (!online) probe = window.setInterval(() => void check(), PROBE_MS);
