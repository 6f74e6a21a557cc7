/** The Parking screens (see src/routes.ts). A route at /services/parking makes the home tile live. */
import type { RouteDef } from "../../routes";

export const PARKING_ROUTES: RouteDef[] = [];
