/** The Parking screens (see src/routes.ts). A route at /services/parking makes the home tile live. */
import { lazyView } from "../../lazy";
import type { RouteDef } from "../../routes";

export const PARKING_ROUTES: RouteDef[] = [
  { path: "/services/parking/share", title: "share.title", view: lazyView(() => import("./share").then((m) => m.parkingShareView)) },
  { path: "/services/parking/bookings", title: "bookings.title", view: lazyView(() => import("./bookings").then((m) => m.parkingBookingsView)) },
  { path: "/services/parking/host", title: "host.title", view: lazyView(() => import("./host").then((m) => m.parkingHostView)) },
];
