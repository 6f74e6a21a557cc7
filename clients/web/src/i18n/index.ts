/** UI language: Korean by default, English by the switch; the choice is kept in localStorage. */
import { en } from "./en";
import { ko, type MessageKey, type Messages } from "./ko";

export type Language = "ko" | "en";
export type { MessageKey };

const CATALOGUES: Record<Language, Messages> = { ko, en };
const STORAGE_KEY = "ieum.language";
const listeners = new Set<(language: Language) => void>();

function isLanguage(value: unknown): value is Language {
  return value === "ko" || value === "en";
}

function stored(): Language | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    return null; // storage blocked (private mode): the switch still works for this page
  }
}

let language: Language = stored() ?? "ko";
document.documentElement.lang = language;

export function currentLanguage(): Language {
  return language;
}

/** The language the person picked on this device, if they ever used the switch. */
export function chosenLanguage(): Language | null {
  return stored();
}

export function setLanguage(next: Language, { remember = true } = {}): void {
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      /* not remembered, still applied */
    }
  }
  if (next === language) return;
  language = next;
  document.documentElement.lang = next;
  for (const listener of listeners) listener(next);
}

export function onLanguageChange(listener: (language: Language) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = CATALOGUES[language][key] ?? ko[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(language === "ko" ? "ko-KR" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Seoul",
  }).format(new Date(iso));
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
