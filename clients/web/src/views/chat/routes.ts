/** The Chat screens (see src/routes.ts). A route at /services/chat makes the home tile live. */
import type { RouteDef } from "../../routes";

export const CHAT_ROUTES: RouteDef[] = [];
