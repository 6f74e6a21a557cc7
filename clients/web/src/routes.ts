/**
 * Every screen of the app, in one table: its path, its title (the page title and the screen's
 * heading when the view has none of its own) and its view. The router and the page titles read
 * this table, and a home tile whose `/services/<slug>` appears here is live (else "coming soon").
 *
 * Adding a screen is one line: `{ path: "/services/parking", title: "service.parking.title",
 * view: lazyView(() => import("./views/parking/lots").then((m) => m.parkingView)) }` — every
 * screen but home, login and "coming soon" loads its code when first opened (src/lazy.ts).
 * Path segments `:uuid` match a UUID, `:id` any one segment (decoded). A view draws into `root`
 * and returns a cleanup function (or nothing).
 */
import type { MessageKey } from "./i18n";
import { lazyMapView, lazyView } from "./lazy";
import { PARKING_ROUTES } from "./views/parking/routes";
import { DRT_ROUTES } from "./views/drt/routes";
import { LOGISTICS_ROUTES } from "./views/logistics/routes";
import { HEALTH_ROUTES } from "./views/health/routes";
import { CHAT_ROUTES } from "./views/chat/routes";
import { CIVIC_ROUTES } from "./views/civic/routes";
import { comingSoonView } from "./views/comingSoon";
import { homeView } from "./views/home";
import { loginView } from "./views/login";

export type View = (root: HTMLElement, params: Record<string, string>) => (() => void) | void;

export interface RouteDef {
  path: string;
  title: MessageKey;
  view: View;
}

export const ROUTES: RouteDef[] = [
  { path: "/", title: "nav.home", view: homeView },
  { path: "/login", title: "login.title", view: loginView },
  { path: "/notifications", title: "inbox.title", view: lazyView(() => import("./views/inbox").then((m) => m.inboxView)) },
  { path: "/settings", title: "settings.title", view: lazyView(() => import("./views/settings").then((m) => m.settingsView)) },
  { path: "/payments", title: "payments.title", view: lazyView(() => import("./views/payments").then((m) => m.paymentsView)) },
  { path: "/payments/:uuid", title: "payments.receipt", view: lazyView(() => import("./views/payments").then((m) => (root, p) => m.paymentView(root, p.uuid))) },
  // Tagogaya
  { path: "/services/bikes", title: "bikes.title", view: lazyMapView(() => import("./views/bikes/map").then((m) => m.bikesMapView)) },
  { path: "/services/bikes/history", title: "bikes.history", view: lazyView(() => import("./views/bikes/history").then((m) => m.bikesHistoryView)) },
  { path: "/services/bikes/courses", title: "courses.title", view: lazyMapView(() => import("./views/bikes/courses").then((m) => m.bikesCoursesView)) },
  { path: "/services/bikes/courses/:uuid", title: "courses.title", view: lazyMapView(() => import("./views/bikes/courses").then((m) => (root, p) => m.bikesCourseView(root, p.uuid))) },
  { path: "/services/bikes/stations/:uuid", title: "bikes.title", view: lazyView(() => import("./views/bikes/station").then((m) => (root, p) => m.bikesStationView(root, p.uuid))) },
  { path: "/services/bikes/ride/:uuid", title: "bikes.ride", view: lazyView(() => import("./views/bikes/ride").then((m) => (root, p) => m.bikesRideView(root, p.uuid))) },
  { path: "/services/bikes/rentals/:uuid", title: "bikes.receipt", view: lazyView(() => import("./views/bikes/receipt").then((m) => (root, p) => m.bikesReceiptView(root, p.uuid))) },
  // public parking
  { path: "/services/parking", title: "service.parking.title", view: lazyView(() => import("./views/parking/lots").then((m) => m.parkingView)) },
  ...PARKING_ROUTES,
  // trips and live buses
  { path: "/services/trip", title: "trip.title", view: lazyMapView(() => import("./views/transit/planner").then((m) => m.tripPlannerView)) },
  { path: "/services/trip/itinerary", title: "trip.itinerary", view: lazyMapView(() => import("./views/transit/itinerary").then((m) => m.tripItineraryView)) },
  { path: "/services/trip/favourites", title: "fav.title", view: lazyView(() => import("./views/transit/favourites").then((m) => m.favouritesView)) },
  { path: "/services/trip/alerts", title: "alerts.title", view: lazyView(() => import("./views/transit/alerts").then((m) => m.alertsView)) },
  { path: "/services/trip/tickets", title: "ticket.mine", view: lazyView(() => import("./views/transit/tickets").then((m) => m.ticketsView)) },
  { path: "/services/trip/tickets/:uuid", title: "ticket.title", view: lazyView(() => import("./views/transit/tickets").then((m) => (root, p) => m.ticketView(root, p.uuid))) },
  { path: "/services/trip/stops/:id", title: "trip.stop", view: lazyView(() => import("./views/transit/stop").then((m) => (root, p) => m.transitStopView(root, p.id))) },
  { path: "/services/trip/routes/:id", title: "trip.route", view: lazyMapView(() => import("./views/transit/route").then((m) => (root, p) => m.transitRouteView(root, p.id))) },
  // campus bus, parcels, health record, chat and civil requests (each app's own table)
  ...DRT_ROUTES,
  ...LOGISTICS_ROUTES,
  ...HEALTH_ROUTES,
  ...CIVIC_ROUTES,
  ...CHAT_ROUTES,
  // every other service: "coming soon" until its screens are added above
  { path: "/services/:slug", title: "comingSoon.title", view: (root, p) => comingSoonView(root, p.slug) },
];

const SEGMENT: Record<string, string> = {
  uuid: "([0-9a-fA-F-]{36})",
  id: "([^/]+)",
  slug: "([\\w-]+)",
};

const compiled = ROUTES.map((route) => {
  const names: string[] = [];
  const pattern = route.path.replace(/:(\w+)/g, (_, name: string) => {
    names.push(name);
    return SEGMENT[name] ?? SEGMENT.id;
  });
  return { route, names, regex: new RegExp(`^${pattern}$`) };
});

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // not percent-encoded: use as is
  }
}

/** The route for a path (unknown paths are home) and its parameters. */
export function match(pathname: string): { route: RouteDef; params: Record<string, string> } {
  const path = pathname.replace(/\/+$/, "") || "/";
  for (const { route, names, regex } of compiled) {
    const found = regex.exec(path);
    if (!found) continue;
    const params: Record<string, string> = {};
    names.forEach((name, i) => (params[name] = decode(found[i + 1])));
    return { route, params };
  }
  return { route: ROUTES[0], params: {} };
}

/** True when a service's own screens exist (its home tile is then live, not "coming soon"). */
export function serviceIsLive(slug: string): boolean {
  return ROUTES.some((route) => route.path === `/services/${slug}`);
}
