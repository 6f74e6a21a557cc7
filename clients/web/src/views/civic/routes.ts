/** The civil-request (Open311) screens, under /services/chat/requests (see src/routes.ts). */
import { lazyMapView, lazyView } from "../../lazy";
import type { RouteDef } from "../../routes";

export const CIVIC_ROUTES: RouteDef[] = [
  { path: "/services/chat/requests", title: "civic.mine", view: lazyView(() => import("./requests").then((m) => m.civicListView)) },
  { path: "/services/chat/requests/new", title: "civic.title", view: lazyMapView(() => import("./form").then((m) => m.civicNewView)) },
  { path: "/services/chat/requests/:uuid", title: "civic.mine", view: lazyView(() => import("./requests").then((m) => (root, p) => m.civicDetailView(root, p.uuid))) },
];
