/** The Health screens (see src/routes.ts). A route at /services/health makes the home tile live. */
import type { RouteDef } from "../../routes";

export const HEALTH_ROUTES: RouteDef[] = [];
