/** The Parking screens (see src/routes.ts). A route at /services/parking makes the home tile live. */
import type { RouteDef } from "../../routes";
import { parkingBookingsView } from "./bookings";
import { parkingHostView } from "./host";
import { parkingShareView } from "./share";

export const PARKING_ROUTES: RouteDef[] = [
  { path: "/services/parking/share", title: "share.title", view: parkingShareView },
  { path: "/services/parking/bookings", title: "bookings.title", view: parkingBookingsView },
  { path: "/services/parking/host", title: "host.title", view: parkingHostView },
];
