/**
 * Numbers, money, distances and times the way the person reads them, in the language on screen.
 * Every screen formats through here, so "1,500원" / "KRW 1,500" and "1 bike" / "2 bikes" read the
 * same everywhere. Counts go through the catalogue's plural forms (`t` with Intl.PluralRules).
 */
import { locale, t } from "./i18n";

/** Gimhae's time zone: times are shown as the city's clocks show them, wherever the phone is. */
export const ZONE = "Asia/Seoul";

// Intl formatters are costly to make (each loads its locale's data) and cheap to use: one per
// language and kind, made on first use.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function formatter<F extends Intl.NumberFormat | Intl.DateTimeFormat>(kind: string, make: (tag: string) => F): F {
  const key = `${kind} ${locale()}`;
  let made = formatters.get(key) as F | undefined;
  if (!made) formatters.set(key, (made = make(locale())));
  return made;
}

/** Intl loads its locale data on first use (15–25 ms per kind here, more on a phone): main.ts
 * makes the number and the time formatters in two short tasks of their own while the first screen
 * waits for the network, so drawing that screen does not pay for them. */
export function warmUp(): void {
  setTimeout(() => number(0), 0);
  setTimeout(() => clockTime(new Date().toISOString()), 0);
}

export function number(value: number): string {
  return formatter("number", (tag) => new Intl.NumberFormat(tag)).format(value);
}

/** 1500 → "1,500원" / "KRW 1,500". Amounts are whole won (the server's integer KRW). */
export function won(amount: number | null | undefined): string {
  return t("fmt.won", { amount: number(amount ?? 0) });
}

/** 1234 m → "1.2 km"; under a kilometre in whole metres. */
export function distance(metres: number): string {
  if (metres >= 1000) return t("fmt.km", { km: number(Math.round(metres / 100) / 10) });
  return t("fmt.m", { m: number(Math.round(metres)) });
}

/** 754 s → "12:34"; an hour or more → "1:02:03" (a running timer). */
export function clock(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(hours ? 2 : 1, "0");
  const ss = String(s % 60).padStart(2, "0");
  return hours ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** 2026-11-24T08:04:54+09:00 → "08:04" in Gimhae's time. */
export function clockTime(iso: string): string {
  return formatter(
    "clock",
    (tag) => new Intl.DateTimeFormat(tag, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: ZONE }),
  ).format(new Date(iso));
}

/** A date and a time: "2026. 11. 24. 오전 8:04" / "24 Nov 2026, 08:04". */
export function dateTime(iso: string): string {
  return formatter(
    "dateTime",
    (tag) => new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "short", timeZone: ZONE }),
  ).format(new Date(iso));
}

/** 286 s → "5분" / "5 min"; 3900 s → "1시간 5분" / "1 h 5 min". */
export function duration(seconds: number): string {
  const minutes = Math.max(0, Math.round(seconds / 60));
  if (minutes < 60) return t("fmt.minutes", { count: minutes });
  return t("fmt.hoursMinutes", { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}

/** How long until `iso` from now: "곧" (under a minute), "3분 후"; null when it has passed. */
export function minutesUntil(iso: string, now: number = Date.now()): string | null {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  if (seconds < -30) return null;
  const minutes = Math.floor(seconds / 60);
  return minutes < 1 ? t("fmt.now") : t("fmt.inMinutes", { count: minutes });
}

/** +821012345678 → 010-1234-5678, the way people in Korea write their number. */
export function formatPhone(e164: string | null | undefined): string {
  if (!e164) return "";
  if (!e164.startsWith("+82")) return e164;
  const local = "0" + e164.slice(3);
  if (local.length === 11) return `${local.slice(0, 3)}-${local.slice(3, 7)}-${local.slice(7)}`;
  if (local.length === 10) return `${local.slice(0, 3)}-${local.slice(3, 6)}-${local.slice(6)}`;
  return local;
}
