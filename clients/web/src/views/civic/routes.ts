/** The civil-request (Open311) screens, under /services/chat/requests (see src/routes.ts). */
import type { RouteDef } from "../../routes";

export const CIVIC_ROUTES: RouteDef[] = [];
