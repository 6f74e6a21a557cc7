/** Past conversations of the logged-in person (newest first), each reopened or deleted. */
import "../../i18n/chat";
import { api, call, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { dateTime } from "../../format";
import { t } from "../../i18n";
import { session } from "../../session";
import { backLink } from "../../ui/backLink";
import { confirmDialog } from "../../ui/confirm";
import { asApiError, errorBox } from "../../ui/errors";
import { loginCard } from "../../ui/loginCard";
import { pagedList } from "../../ui/pagedList";
import { CHAT } from "./chat";

type Conversation = Schemas["ConversationOutput"];

export function chatHistoryView(root: HTMLElement): () => void {
  const heading = h("h1", {}, t("chat.history"));
  if (!session.user) {
    fill(root, backLink(CHAT, t("chat.title")), heading, loginCard(t("chat.historyLogin")));
    return () => undefined;
  }
  const errorSlot = h("div", {});

  const item = (conversation: Conversation): HTMLElement => {
    const row: HTMLElement = h(
      "li",
      { class: "card", "data-testid": "chat-conversation" },
      h(
        "h2",
        {},
        h("a", { href: `${CHAT}?c=${conversation.id}` }, h("span", { "data-server-text": "conversation-title" }, conversation.title || "—")),
      ),
      h("p", { class: "muted small" }, dateTime(conversation.last_activity_at)),
      h(
        "button",
        {
          type: "button",
          class: "button secondary small",
          "data-testid": "chat-delete",
          onclick: async () => {
            const yes = await confirmDialog({
              title: t("chat.deleteConfirmTitle"),
              body: [h("p", {}, t("chat.deleteConfirmBody"))],
              confirm: t("chat.delete"),
              tone: "danger",
            });
            if (!yes) return;
            try {
              await call(
                api.DELETE("/api/v1/chat/conversations/{conversation_id}/", {
                  params: { path: { conversation_id: conversation.id } },
                }),
              );
              row.remove();
            } catch (e) {
              fill(errorSlot, errorBox(asApiError(e)) ?? "");
            }
          },
        },
        t("chat.delete"),
      ),
    );
    return row;
  };

  const list = pagedList<Conversation>({
    load: (cursor) => call(api.GET("/api/v1/chat/conversations/", { params: { query: cursor ? { cursor } : {} } })),
    item,
    empty: t("chat.historyEmpty"),
    testid: "chat-conversations",
    className: "plain-list",
  });
  fill(root, backLink(CHAT, t("chat.title")), heading, errorSlot, list.element);
  return () => list.dispose();
}
