/** The DRT screens (see src/routes.ts). A route at /services/drt makes the home tile live. */
import type { RouteDef } from "../../routes";

export const DRT_ROUTES: RouteDef[] = [];
