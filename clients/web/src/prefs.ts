/**
 * Preferences of this device (not of the account): large-text simple mode. It is a class on
 * <html> (`large-text`) that style.css turns into bigger type, bigger tap targets and a plainer
 * layout through CSS variables, so every screen follows it without knowing about it.
 */
const LARGE_TEXT_KEY = "ieum.largeText";

function apply(on: boolean): void {
  document.documentElement.classList.toggle("large-text", on);
}

export function largeText(): boolean {
  try {
    return localStorage.getItem(LARGE_TEXT_KEY) === "1";
  } catch {
    return document.documentElement.classList.contains("large-text");
  }
}

export function setLargeText(on: boolean): void {
  try {
    if (on) localStorage.setItem(LARGE_TEXT_KEY, "1");
    else localStorage.removeItem(LARGE_TEXT_KEY);
  } catch {
    /* applied for this page only */
  }
  apply(on);
}

apply(largeText());
