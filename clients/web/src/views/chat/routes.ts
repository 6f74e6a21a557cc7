/** The Chat screens (see src/routes.ts). A route at /services/chat makes the home tile live. */
import type { RouteDef } from "../../routes";
import { chatView } from "./chat";
import { chatCounsellorView } from "./counsellor";
import { chatHistoryView } from "./history";

export const CHAT_ROUTES: RouteDef[] = [
  { path: "/services/chat", title: "chat.title", view: chatView },
  { path: "/services/chat/history", title: "chat.history", view: chatHistoryView },
  { path: "/services/chat/counsellor", title: "chat.queue", view: chatCounsellorView },
];
