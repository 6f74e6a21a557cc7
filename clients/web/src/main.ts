import "./style.css";

import "./prefs";

import { h, svg } from "./dom";
import { warmUp } from "./format";
import { currentLanguage, onLanguageChange, t } from "./i18n";
import { isLazy } from "./lazy";
import { startLive, stopLive } from "./live";
import { isOnline, onConnectivity } from "./offline";
import { navigate, nextPath, onNavigate } from "./router";
import { match } from "./routes";
import { loadMe, onSessionChange, session, setUser, startFromDevice, switchLanguage } from "./session";

const BELL =
  '<svg viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15z"/><path d="M10 20.5a2 2 0 0 0 4 0"/></svg>';

const GEAR =
  '<svg viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><circle cx="12" cy="12" r="3"/><path d="M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z"/></svg>';

const app = document.getElementById("app")!;
const header = h("header", { class: "top" });
const banner = h("div", { class: "offline-banner", role: "status", "data-testid": "offline-banner", hidden: true });
const main = h("main", { id: "main", tabindex: -1 });
app.replaceChildren(header, banner, main);

function renderBanner(): void {
  banner.hidden = isOnline();
  banner.textContent = isOnline() ? "" : t("offline.banner");
}

function renderHeader(): void {
  const skip = document.querySelector<HTMLAnchorElement>("a.skip");
  if (skip) skip.textContent = t("nav.skip");
  const user = session.user;
  const unread = session.unread;
  const other = currentLanguage() === "ko" ? "en" : "ko";
  header.replaceChildren(
    h(
      "a",
      { href: "/", class: "brand" },
      h("span", { class: "brand-mark", lang: "ko" }, "이음"),
      " ",
      h("span", { class: "brand-name", lang: "en" }, "Ieum"),
      h("span", { class: "visually-hidden" }, `, ${t("nav.home")}`),
    ),
    h(
      "nav",
      { class: "actions", "aria-label": t("nav.main") },
      h(
        "button",
        {
          type: "button",
          class: "chip",
          lang: other,
          "aria-label": `${t("header.language")}: ${t("header.languageOther")}`,
          "data-testid": "language-switch",
          onclick: () => switchLanguage(other),
        },
        t("header.languageOther"),
      ),
      h(
        "a",
        { href: "/settings", class: "icon-button", "data-testid": "settings-link", "aria-label": t("settings.title") },
        svg(GEAR),
      ),
      user
        ? h(
            "a",
            {
              href: "/notifications",
              class: "bell",
              "data-testid": "bell",
              "aria-label": unread
                ? t("header.notificationsUnread", { count: unread })
                : t("header.notifications"),
            },
            svg(BELL),
            unread
              ? // the link's name already says how many ("Notifications, 3 unread"); the badge is for the eye
                h("span", { class: "badge", "data-testid": "unread-badge", "aria-hidden": "true" }, unread > 99 ? "99+" : unread)
              : null,
          )
        : null,
      // logged in, logging out is in settings: four controls did not fit a 320 px header
      user ? null : h("a", { href: "/login", class: "chip primary", "data-testid": "login" }, t("header.login")),
    ),
  );
}

let cleanup: (() => void) | void = undefined;
let screenTitle = "";

/** Exactly one <h1> per screen: the view's own, else (while loading, on an error) the screen's
 * title from the route table, visually hidden. Views draw asynchronously, so this is kept true
 * whenever the screen's content changes. */
const heading = h("h1", { class: "visually-hidden", "data-testid": "screen-title" });
function keepOneHeading(): void {
  const own = [...main.querySelectorAll("h1")].filter((el) => el !== heading);
  if (own.length && heading.isConnected) heading.remove();
  else if (!own.length && !heading.isConnected) main.prepend(heading);
}
new MutationObserver(keepOneHeading).observe(main, { childList: true, subtree: true });

function renderView(): void {
  if (typeof cleanup === "function") cleanup();
  cleanup = undefined;
  const { route, params } = match(location.pathname);
  screenTitle = t(route.title);
  heading.textContent = screenTitle;
  document.title = route.path === "/" ? t("app.name") : `${screenTitle} · ${t("app.name")}`;
  // a kept account waits for the server before it skips the login screen (it may have ended)
  if (route.path === "/login" && session.user && session.checked) {
    navigate(nextPath(), { replace: true });
    return;
  }
  main.replaceChildren();
  cleanup = route.view(main, params);
  keepOneHeading();
}

// "" when logged out, else the user's id: views are drawn again when it changes
startFromDevice();
let userKey = session.user?.id ?? "";
// the account the first screen was drawn from, until the server has answered
let drawnFrom: string | null = JSON.stringify(session.user);
if (session.user) startLive();
onSessionChange(() => {
  renderHeader();
  const key = session.user?.id ?? "";
  const firstAnswer = drawnFrom !== null && session.checked;
  const changedSinceKept = firstAnswer && JSON.stringify(session.user) !== drawnFrom;
  if (session.checked) drawnFrom = null;
  if (key !== userKey) {
    userKey = key;
    stopLive();
    if (session.user) startLive();
    renderView();
  } else if (changedSinceKept || (firstAnswer && session.user && location.pathname === "/login")) {
    // the same person with new roles or details, or a confirmed login screen giving way
    renderView();
  }
});
// The one redraw a language switch makes: views fetch their server texts again, in the new
// language (every request says it in Accept-Language and X-Ieum-Language).
onLanguageChange(() => {
  renderHeader();
  renderBanner();
  renderView();
});
// Back online: the screen is drawn again from the network (it may show an offline copy or an
// error), and a session that started offline is checked with the server.
onConnectivity((online) => {
  renderBanner();
  if (!online) return;
  if (session.checked) void loadMe().catch(() => undefined);
  renderView();
});
onNavigate(renderView);

// the first screen's code is fetched while the session is asked for
const first = match(location.pathname).route.view;
if (isLazy(first)) void first.preload().catch(() => undefined);

renderHeader();
renderBanner();
renderView();
warmUp();
loadMe().catch(() => setUser(null, { offline: true }));

if ("serviceWorker" in navigator && location.protocol !== "file:") {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => undefined);
  });
}
