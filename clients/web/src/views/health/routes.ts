/** The Health screens (see src/routes.ts). A route at /services/health makes the home tile live. */
import type { RouteDef } from "../../routes";
import { healthAddView } from "./add";
import { healthCardView } from "./card";
import { healthView } from "./dashboard";
import { healthGuideView } from "./guide";
import { healthRecordsView } from "./records";
import { healthSharedView, healthShareView } from "./share";
import { healthSharingView } from "./sharing";
import { healthSurveyView } from "./survey";

export const HEALTH_ROUTES: RouteDef[] = [
  { path: "/services/health", title: "health.title", view: healthView },
  { path: "/services/health/add", title: "health.add.title", view: healthAddView },
  { path: "/services/health/records", title: "health.records.title", view: healthRecordsView },
  { path: "/services/health/survey", title: "health.survey.title", view: (root) => healthSurveyView(root) },
  { path: "/services/health/surveys/:id", title: "health.survey.title", view: (root, p) => healthSurveyView(root, p.id) },
  { path: "/services/health/sharing", title: "health.sharing.title", view: healthSharingView },
  { path: "/services/health/share", title: "health.share.title", view: healthShareView },
  { path: "/services/health/shared/:id", title: "health.shared.title", view: (root, p) => healthSharedView(root, p.id) },
  { path: "/services/health/guide", title: "health.guide.title", view: healthGuideView },
  { path: "/services/health/card", title: "health.card.title", view: healthCardView },
];
