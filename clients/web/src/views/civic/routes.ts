/** The civil-request (Open311) screens, under /services/chat/requests (see src/routes.ts). */
import type { RouteDef } from "../../routes";
import { civicNewView } from "./form";
import { civicDetailView, civicListView } from "./requests";

export const CIVIC_ROUTES: RouteDef[] = [
  { path: "/services/chat/requests", title: "civic.mine", view: civicListView },
  { path: "/services/chat/requests/new", title: "civic.title", view: civicNewView },
  { path: "/services/chat/requests/:uuid", title: "civic.mine", view: (root, p) => civicDetailView(root, p.uuid) },
];
