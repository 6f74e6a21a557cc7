import "./style.css";

import { h, svg } from "./dom";
import { currentLanguage, onLanguageChange, t } from "./i18n";
import { startLive, stopLive } from "./live";
import { navigate, nextPath, onNavigate, parse } from "./router";
import { loadMe, logout, onSessionChange, session, switchLanguage } from "./session";
import { bikesCourseView, bikesCoursesView } from "./views/bikes/courses";
import { bikesHistoryView } from "./views/bikes/history";
import { bikesMapView } from "./views/bikes/map";
import { bikesReceiptView } from "./views/bikes/receipt";
import { bikesRideView } from "./views/bikes/ride";
import { bikesStationView } from "./views/bikes/station";
import { comingSoonView } from "./views/comingSoon";
import { alertsView } from "./views/transit/alerts";
import { favouritesView } from "./views/transit/favourites";
import { tripItineraryView } from "./views/transit/itinerary";
import { ticketsView, ticketView } from "./views/transit/tickets";
import { tripPlannerView } from "./views/transit/planner";
import { transitRouteView } from "./views/transit/route";
import { transitStopView } from "./views/transit/stop";
import { homeView } from "./views/home";
import { inboxView } from "./views/inbox";
import { loginView } from "./views/login";

const BELL =
  '<svg viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15z"/><path d="M10 20.5a2 2 0 0 0 4 0"/></svg>';

const app = document.getElementById("app")!;
const header = h("header", { class: "top" });
const main = h("main", { id: "main", tabindex: -1 });
app.replaceChildren(header, main);

function renderHeader(): void {
  const skip = document.querySelector<HTMLAnchorElement>("a.skip");
  if (skip) skip.textContent = t("nav.skip");
  const user = session.user;
  const unread = session.unread;
  const other = currentLanguage() === "ko" ? "en" : "ko";
  header.replaceChildren(
    h(
      "a",
      { href: "/", class: "brand", "aria-label": `${t("app.name")} — ${t("nav.home")}` },
      h("span", { class: "brand-mark", "aria-hidden": "true" }, "이음"),
      h("span", { class: "brand-name" }, "Ieum"),
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
          onclick: () => void switchLanguage(other),
        },
        t("header.languageOther"),
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
              ? h("span", { class: "badge", "data-testid": "unread-badge" }, unread > 99 ? "99+" : unread)
              : null,
          )
        : null,
      user
        ? h(
            "button",
            { type: "button", class: "chip", "data-testid": "logout", onclick: () => void doLogout() },
            t("header.logout"),
          )
        : session.user === null
          ? h("a", { href: "/login", class: "chip primary", "data-testid": "login" }, t("header.login"))
          : null,
    ),
  );
}

let cleanup: (() => void) | void = undefined;

function renderView(): void {
  if (typeof cleanup === "function") cleanup();
  cleanup = undefined;
  const route = parse(location.pathname);
  if (session.user === undefined) {
    main.replaceChildren(h("p", { class: "muted loading" }, t("loading")));
    return;
  }
  if (route.name === "login" && session.user) {
    navigate(nextPath(), { replace: true });
    return;
  }
  switch (route.name) {
    case "home":
      cleanup = homeView(main);
      document.title = t("app.name");
      break;
    case "login":
      cleanup = loginView(main);
      document.title = `${t("login.title")} · ${t("app.name")}`;
      break;
    case "inbox":
      cleanup = inboxView(main);
      document.title = `${t("inbox.title")} · ${t("app.name")}`;
      break;
    case "service":
      cleanup = comingSoonView(main, route.slug);
      document.title = `${t("comingSoon.title")} · ${t("app.name")}`;
      break;
    case "bikes":
      cleanup = bikesMapView(main);
      document.title = `${t("bikes.title")} · ${t("app.name")}`;
      break;
    case "bikesStation":
      cleanup = bikesStationView(main, route.id);
      document.title = `${t("bikes.title")} · ${t("app.name")}`;
      break;
    case "bikesRide":
      cleanup = bikesRideView(main, route.id);
      document.title = `${t("bikes.ride")} · ${t("app.name")}`;
      break;
    case "bikesReceipt":
      cleanup = bikesReceiptView(main, route.id);
      document.title = `${t("bikes.receipt")} · ${t("app.name")}`;
      break;
    case "bikesHistory":
      cleanup = bikesHistoryView(main);
      document.title = `${t("bikes.history")} · ${t("app.name")}`;
      break;
    case "bikesCourses":
      cleanup = bikesCoursesView(main);
      document.title = `${t("courses.title")} · ${t("app.name")}`;
      break;
    case "bikesCourse":
      cleanup = bikesCourseView(main, route.id);
      document.title = `${t("courses.title")} · ${t("app.name")}`;
      break;
    case "trip":
      cleanup = tripPlannerView(main);
      document.title = `${t("trip.title")} · ${t("app.name")}`;
      break;
    case "tripItinerary":
      cleanup = tripItineraryView(main);
      document.title = `${t("trip.itinerary")} · ${t("app.name")}`;
      break;
    case "tripFavourites":
      cleanup = favouritesView(main);
      document.title = `${t("fav.title")} · ${t("app.name")}`;
      break;
    case "tripAlerts":
      cleanup = alertsView(main);
      document.title = `${t("alerts.title")} · ${t("app.name")}`;
      break;
    case "tripTickets":
      cleanup = ticketsView(main);
      document.title = `${t("ticket.mine")} · ${t("app.name")}`;
      break;
    case "tripTicket":
      cleanup = ticketView(main, route.id);
      document.title = `${t("ticket.title")} · ${t("app.name")}`;
      break;
    case "transitStop":
      cleanup = transitStopView(main, route.id);
      document.title = `${t("trip.stop")} · ${t("app.name")}`;
      break;
    case "transitRoute":
      cleanup = transitRouteView(main, route.id);
      document.title = `${t("trip.route")} · ${t("app.name")}`;
      break;
  }
}

async function doLogout(): Promise<void> {
  await logout().catch(() => undefined);
  navigate("/");
}

// "?" while unknown, "" when logged out, else the user's id: views re-render when it changes
let userKey = "?";
onSessionChange(() => {
  renderHeader();
  const key = session.user === undefined ? "?" : (session.user?.id ?? "");
  if (key !== userKey) {
    userKey = key;
    stopLive();
    if (session.user) startLive();
    renderView();
  }
});
// The one redraw a language switch makes: the account already has the new language (see
// switchLanguage), so views showing server texts (the inbox) fetch them in it.
onLanguageChange(() => {
  renderHeader();
  renderView();
});
onNavigate(renderView);

renderHeader();
renderView();
loadMe().catch(() => {
  session.user = null;
  renderHeader();
  renderView();
});

if ("serviceWorker" in navigator && location.protocol !== "file:") {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => undefined);
  });
}
