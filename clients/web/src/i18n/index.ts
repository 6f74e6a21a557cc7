/**
 * The screen language of this device: what the person picked here (kept in localStorage), else
 * the browser's own language when it is Korean or English, else Korean. It never follows the
 * account: the account's language is for messages sent to the person (pushes, texts) and is
 * changed only in settings.
 */
import { en } from "./en";
import { ko, type MessageKey } from "./ko";

export type Language = "ko" | "en";
export type { MessageKey };

// the core strings; each service's are added when its screens' code loads (addMessages)
const CATALOGUES: Record<Language, Record<string, string>> = { ko: { ...ko }, en: { ...en } };

/** A service's strings (src/i18n/<service>.ts calls this when its screens load). */
export function addMessages(koPart: Record<string, string>, enPart: Record<string, string>): void {
  Object.assign(CATALOGUES.ko, koPart);
  Object.assign(CATALOGUES.en, enPart);
}
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

/** The browser's preferred language when Ieum speaks it (first visit, nothing picked yet). */
function browserLanguage(): Language {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split("-")[0];
    if (isLanguage(base)) return base;
  }
  return "ko";
}

let language: Language = stored() ?? browserLanguage();
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

/** The locale Intl formats in: Korean as written in Korea, English as in the UK (24-hour clock). */
export function locale(): string {
  return language === "ko" ? "ko-KR" : "en-GB";
}

const pluralRules = new Map<string, Intl.PluralRules>();

/** `{count, plural, one {# bike} other {# bikes}}` (ICU's plural, the forms Intl.PluralRules
 * names); `#` is the number. A catalogue without plural forms (Korean) writes the text plainly. */
function plural(template: string, params: Record<string, string | number>): string {
  return template.replace(
    /\{(\w+), plural,((?:\s*[=\w]+\s*\{[^{}]*\})+)\s*\}/g,
    (whole, name: string, body: string) => {
      const value = Number(params[name]);
      if (!Number.isFinite(value)) return whole;
      const forms = new Map<string, string>();
      for (const match of body.matchAll(/([=\w]+)\s*\{([^{}]*)\}/g)) forms.set(match[1], match[2]);
      const tag = locale();
      let rules = pluralRules.get(tag);
      if (!rules) pluralRules.set(tag, (rules = new Intl.PluralRules(tag)));
      const form = forms.get(`=${value}`) ?? forms.get(rules.select(value)) ?? forms.get("other") ?? "";
      return form.replace(/#/g, String(params[name]));
    },
  );
}

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = CATALOGUES[language][key] ?? CATALOGUES.ko[key] ?? key;
  return plural(template, params).replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
