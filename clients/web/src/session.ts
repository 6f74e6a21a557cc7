/**
 * Who is logged in and how many notifications are unread. Views read it and subscribe; the
 * header badge and the inbox stay in step because both listen here.
 */
import { api, ApiError, call, type Schemas } from "./api/client";
import { chosenLanguage, setLanguage, type Language } from "./i18n";

export type Me = Schemas["AccountOutput"];

interface SessionState {
  /** undefined while the first /me/ is in flight, null when logged out */
  user: Me | null | undefined;
  unread: number;
}

export const session: SessionState = { user: undefined, unread: 0 };
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

/** Keep the UI language and the account's saved language the same: a choice made on this device
 * wins (and is saved); a device that never chose follows the account. */
async function syncLanguage(user: Me): Promise<void> {
  const chosen = chosenLanguage();
  if (chosen === null) {
    setLanguage(user.preferred_language, { remember: false });
  } else if (chosen !== user.preferred_language) {
    await saveLanguage(chosen).catch(() => undefined);
  }
}

export async function setUser(user: Me | null): Promise<void> {
  session.user = user;
  session.unread = 0;
  changed();
  if (user) {
    await syncLanguage(user);
    await refreshUnread();
  }
}

export async function loadMe(): Promise<Me | null> {
  try {
    const user = await call(api.GET("/api/v1/accounts/me/"));
    await setUser(user);
    return user;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      await setUser(null);
      return null;
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

export async function saveLanguage(language: Language): Promise<void> {
  if (!session.user) return;
  const user = await call(
    api.PATCH("/api/v1/accounts/me/", { body: { preferred_language: language } }),
  );
  session.user = user;
  changed();
}

/** The header's switch. Logged in, the account is updated first and the UI follows in one redraw:
 * for a session the server answers in the account's language (it beats Accept-Language), so a view
 * drawn before the save lands would fetch its texts in the old language, and drawing it again when
 * it lands wiped what the person did in between (an error box, a half-filled form). Offline, the
 * UI still switches. Resolves true when the server has the new language. */
export async function switchLanguage(language: Language): Promise<boolean> {
  let saved = false;
  if (session.user && session.user.preferred_language !== language) {
    try {
      await saveLanguage(language);
      saved = true;
    } catch {
      /* kept on this device only; the next login syncs it (syncLanguage) */
    }
  }
  setLanguage(language);
  return saved;
}

export async function logout(): Promise<void> {
  try {
    await call(api.POST("/api/v1/accounts/logout/", { body: {} }));
  } finally {
    await setUser(null);
  }
}
