/** The Chat screens (see src/routes.ts). A route at /services/chat makes the home tile live. */
import { lazyView } from "../../lazy";
import type { RouteDef } from "../../routes";

export const CHAT_ROUTES: RouteDef[] = [
  { path: "/services/chat", title: "chat.title", view: lazyView(() => import("./chat").then((m) => m.chatView)) },
  { path: "/services/chat/history", title: "chat.history", view: lazyView(() => import("./history").then((m) => m.chatHistoryView)) },
  { path: "/services/chat/counsellor", title: "chat.queue", view: lazyView(() => import("./counsellor").then((m) => m.chatCounsellorView)) },
];
