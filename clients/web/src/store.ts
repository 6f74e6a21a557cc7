/**
 * The last good answers kept on this device, so the session, the tickets (with their QR codes)
 * and a ride in progress are still there with no network. Everything is scoped to the person
 * (`ieum.cache.<user id>.<key>`) and wiped at logout; nothing else personal is stored.
 * localStorage is enough: a handful of small JSON answers, read synchronously at start-up.
 */
const PREFIX = "ieum.cache.";
const SESSION_KEY = "ieum.session";

export interface Kept<T> {
  value: T;
  /** when it was saved (ms since the epoch) */
  savedAt: number;
}

let owner: string | null = null;

/** Whose answers are read and written from now on (null: nobody, nothing is kept). */
export function setOwner(userId: string | null): void {
  owner = userId;
}

function read<T>(key: string): Kept<T> | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as Kept<T>) : null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify({ value, savedAt: Date.now() }));
  } catch {
    /* storage full or blocked: the app still works online */
  }
}

export function keep(key: string, value: unknown): void {
  if (owner) write(`${PREFIX}${owner}.${key}`, value);
}

export function kept<T>(key: string): Kept<T> | null {
  return owner ? read<T>(`${PREFIX}${owner}.${key}`) : null;
}

/** The logged-in account, for starting up offline. */
export function keepSession(user: unknown): void {
  if (user) write(SESSION_KEY, user);
  else forgetAll();
}

export function keptSession<T>(): Kept<T> | null {
  return read<T>(SESSION_KEY);
}

/** Logout: every kept answer of every person on this device goes. */
export function forgetAll(): void {
  owner = null;
  try {
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith(PREFIX) || key === SESSION_KEY) localStorage.removeItem(key);
    }
  } catch {
    /* nothing stored */
  }
}

/**
 * Fetch fresh (and keep it), or — when there is no network — the copy kept last time, marked
 * stale. Other failures (a refusal, not found) are thrown: an old copy would hide them.
 */
export async function freshOrKept<T>(
  key: string,
  fetch: () => Promise<T>,
  isOffline: (error: unknown) => boolean,
): Promise<{ value: T; stale: false } | { value: T; stale: true; savedAt: number }> {
  try {
    const value = await fetch();
    keep(key, value);
    return { value, stale: false };
  } catch (error) {
    const copy = isOffline(error) ? kept<T>(key) : null;
    if (copy) return { value: copy.value, stale: true, savedAt: copy.savedAt };
    throw error;
  }
}
