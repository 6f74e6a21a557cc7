/** The DRT screens (see src/routes.ts). A route at /services/drt makes the home tile live. */
import { lazyMapView, lazyView } from "../../lazy";
import type { RouteDef } from "../../routes";

export const DRT_ROUTES: RouteDef[] = [
  { path: "/services/drt", title: "drt.title", view: lazyMapView(() => import("./call").then((m) => m.drtCallView)) },
  { path: "/services/drt/bookings/:uuid", title: "drt.booking", view: lazyMapView(() => import("./booking").then((m) => (root, p) => m.drtBookingView(root, p.uuid))) },
  { path: "/services/drt/driver", title: "drt.driverTitle", view: lazyView(() => import("./driver").then((m) => m.drtDriverView)) },
  { path: "/services/drt/survey", title: "drt.surveyTitle", view: lazyView(() => import("./survey").then((m) => m.drtSurveyView)) },
];
