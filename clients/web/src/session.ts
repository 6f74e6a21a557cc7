/**
 * Who is logged in and how many notifications are unread. Views read it and subscribe; the
 * header badge and the inbox stay in step because both listen here.
 */
import { api, ApiError, call, type Schemas } from "./api/client";
import { setLanguage, type Language } from "./i18n";
import { forgetAll, keepSession, keptSession, setOwner } from "./store";

export type Me = Schemas["AccountOutput"];

interface SessionState {
  /** The account, null when logged out. Until the server answers it is the one this device kept
   * (or nobody), so the first screen is drawn without waiting for a round trip. */
  user: Me | null;
  /** Whether the server (or, with no network, this device's copy) has answered since start-up. */
  checked: boolean;
  unread: number;
}

export const session: SessionState = { user: null, checked: false, unread: 0 };

/** Start-up: the account kept on this device stands in until `loadMe()` answers. A screen drawn
 * from it is drawn again only when the server says otherwise (a session that ended elsewhere). */
export function startFromDevice(): void {
  const user = keptSession<Me>()?.value ?? null;
  setOwner(user?.id ?? null);
  session.user = user;
}
const listeners = new Set<() => void>();

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed(): void {
  for (const listener of listeners) listener();
}

export function setUnread(unread: number): void {
  if (session.unread === unread) return;
  session.unread = unread;
  changed();
}

/** `offline`: the account kept on this device, shown while the server cannot be reached. */
export async function setUser(user: Me | null, { offline = false } = {}): Promise<void> {
  setOwner(user?.id ?? null);
  if (!offline) keepSession(user);
  session.user = user;
  session.checked = true;
  session.unread = 0;
  changed();
  if (user && !offline) await refreshUnread();
}

export async function loadMe(): Promise<Me | null> {
  try {
    // 200 with `user: null` for a visitor: a first screen without a failed request
    const { user } = await call(api.GET("/api/v1/accounts/session/"));
    await setUser(user ?? null);
    return user ?? null;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      await setUser(null);
      return null;
    }
    // no network: the session kept on this device, so tickets and a ride stay reachable
    const kept = error instanceof ApiError && error.code === "network" ? keptSession<Me>() : null;
    if (kept) {
      await setUser(kept.value, { offline: true });
      return kept.value;
    }
    throw error;
  }
}

export async function refreshUnread(): Promise<void> {
  if (!session.user) return;
  try {
    const { unread } = await call(api.GET("/api/v1/notifications/unread-count/"));
    setUnread(unread);
  } catch {
    /* the badge keeps its last value; the socket will update it */
  }
}

/** The account's language: the one pushes, texts and e-mails are written in. Changed only when
 * the person changes it in settings; the screen language is the device's own (`setLanguage`). */
export async function saveMessageLanguage(language: Language): Promise<void> {
  if (!session.user) return;
  const user = await call(
    api.PATCH("/api/v1/accounts/me/", { body: { preferred_language: language } }),
  );
  session.user = user;
  keepSession(user);
  changed();
}

/** The header's switch: this device's screens, at once, online or not. The account's language
 * (for messages) stays as it is. */
export function switchLanguage(language: Language): void {
  setLanguage(language);
}

export async function logout(): Promise<void> {
  try {
    await call(api.POST("/api/v1/accounts/logout/", { body: {} }));
  } finally {
    forgetAll();
    await setUser(null);
  }
}
