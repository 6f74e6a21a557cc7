/** Client-side routes (the Django view serves index.html for each of them). */
export type Route =
  | { name: "home" }
  | { name: "login" }
  | { name: "inbox" }
  | { name: "service"; slug: string }
  | { name: "bikes" }
  | { name: "bikesStation"; id: string }
  | { name: "bikesRide"; id: string }
  | { name: "bikesReceipt"; id: string }
  | { name: "bikesHistory" }
  | { name: "bikesCourses" }
  | { name: "bikesCourse"; id: string }
  | { name: "trip" }
  | { name: "tripItinerary" }
  | { name: "tripFavourites" }
  | { name: "tripAlerts" }
  | { name: "tripTickets" }
  | { name: "tripTicket"; id: string }
  | { name: "transitStop"; id: string }
  | { name: "transitRoute"; id: string };

const UUID = "[0-9a-fA-F-]{36}";

export function parse(pathname: string): Route {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === "/") return { name: "home" };
  if (path === "/login") return { name: "login" };
  if (path === "/notifications") return { name: "inbox" };
  if (path === "/services/bikes") return { name: "bikes" };
  if (path === "/services/bikes/history") return { name: "bikesHistory" };
  if (path === "/services/bikes/courses") return { name: "bikesCourses" };
  const course = new RegExp(`^/services/bikes/courses/(${UUID})$`).exec(path);
  if (course) return { name: "bikesCourse", id: course[1] };
  const bikes = new RegExp(`^/services/bikes/(stations|ride|rentals)/(${UUID})$`).exec(path);
  if (bikes) {
    const name = { stations: "bikesStation", ride: "bikesRide", rentals: "bikesReceipt" } as const;
    return { name: name[bikes[1] as keyof typeof name], id: bikes[2] };
  }
  if (path === "/services/trip") return { name: "trip" };
  if (path === "/services/trip/itinerary") return { name: "tripItinerary" };
  if (path === "/services/trip/favourites") return { name: "tripFavourites" };
  if (path === "/services/trip/alerts") return { name: "tripAlerts" };
  if (path === "/services/trip/tickets") return { name: "tripTickets" };
  const ticket = new RegExp(`^/services/trip/tickets/(${UUID})$`).exec(path);
  if (ticket) return { name: "tripTicket", id: ticket[1] };
  const transit = /^\/services\/trip\/(stops|routes)\/([^/]+)$/.exec(path);
  if (transit) {
    let id = transit[2];
    try {
      id = decodeURIComponent(id);
    } catch {
      /* not percent-encoded: use as is */
    }
    return transit[1] === "stops" ? { name: "transitStop", id } : { name: "transitRoute", id };
  }
  const service = /^\/services\/([\w-]+)$/.exec(path);
  if (service) return { name: "service", slug: service[1] };
  return { name: "home" };
}

const listeners = new Set<() => void>();

export function onNavigate(listener: () => void): void {
  listeners.add(listener);
}

/** Where to go after logging in: `?next=` when it is a path on this site, else home. */
export function nextPath(): string {
  const next = new URLSearchParams(location.search).get("next");
  return next && /^\/(?![/\\])/.test(next) && !next.startsWith("/login") ? next : "/";
}

/** The login page, coming back to `path` (by default the current page) afterwards. */
export function loginHref(path: string = location.pathname): string {
  return `/login?next=${encodeURIComponent(path)}`;
}

export function navigate(to: string, { replace = false } = {}): void {
  if (to !== location.pathname + location.search) {
    if (replace) history.replaceState(null, "", to);
    else history.pushState(null, "", to);
  }
  for (const listener of listeners) listener();
  window.scrollTo(0, 0);
}

window.addEventListener("popstate", () => {
  for (const listener of listeners) listener();
});

/** Same-origin links move within the app instead of reloading the page. */
document.addEventListener("click", (event) => {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = (event.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
  if (!link || link.target || link.hasAttribute("download") || link.origin !== location.origin) {
    return;
  }
  if (/^\/(api|admin|static|media|ws)\//.test(link.pathname)) return;
  event.preventDefault();
  navigate(link.pathname + link.search);
});
