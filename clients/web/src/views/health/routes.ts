/** The Health screens (see src/routes.ts). A route at /services/health makes the home tile live. */
import { lazyView } from "../../lazy";
import type { RouteDef } from "../../routes";

export const HEALTH_ROUTES: RouteDef[] = [
  { path: "/services/health", title: "health.title", view: lazyView(() => import("./dashboard").then((m) => m.healthView)) },
  { path: "/services/health/add", title: "health.add.title", view: lazyView(() => import("./add").then((m) => m.healthAddView)) },
  { path: "/services/health/records", title: "health.records.title", view: lazyView(() => import("./records").then((m) => m.healthRecordsView)) },
  { path: "/services/health/survey", title: "health.survey.title", view: lazyView(() => import("./survey").then((m) => (root) => m.healthSurveyView(root))) },
  { path: "/services/health/surveys/:id", title: "health.survey.title", view: lazyView(() => import("./survey").then((m) => (root, p) => m.healthSurveyView(root, p.id))) },
  { path: "/services/health/sharing", title: "health.sharing.title", view: lazyView(() => import("./sharing").then((m) => m.healthSharingView)) },
  { path: "/services/health/share", title: "health.share.title", view: lazyView(() => import("./share").then((m) => m.healthShareView)) },
  { path: "/services/health/shared/:id", title: "health.shared.title", view: lazyView(() => import("./share").then((m) => (root, p) => m.healthSharedView(root, p.id))) },
  { path: "/services/health/guide", title: "health.guide.title", view: lazyView(() => import("./guide").then((m) => m.healthGuideView)) },
  { path: "/services/health/card", title: "health.card.title", view: lazyView(() => import("./card").then((m) => m.healthCardView)) },
];
