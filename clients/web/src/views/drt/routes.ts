/** The DRT screens (see src/routes.ts). A route at /services/drt makes the home tile live. */
import type { RouteDef } from "../../routes";
import { drtBookingView } from "./booking";
import { drtCallView } from "./call";
import { drtDriverView } from "./driver";
import { drtSurveyView } from "./survey";

export const DRT_ROUTES: RouteDef[] = [
  { path: "/services/drt", title: "drt.title", view: drtCallView },
  { path: "/services/drt/bookings/:uuid", title: "drt.booking", view: (root, p) => drtBookingView(root, p.uuid) },
  { path: "/services/drt/driver", title: "drt.driverTitle", view: drtDriverView },
  { path: "/services/drt/survey", title: "drt.surveyTitle", view: drtSurveyView },
];
