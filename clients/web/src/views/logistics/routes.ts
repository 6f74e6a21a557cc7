/** The Parcels screens (see src/routes.ts). A route at /services/parcels (the tile's slug) makes the home tile live. */
import type { RouteDef } from "../../routes";

export const LOGISTICS_ROUTES: RouteDef[] = [];
