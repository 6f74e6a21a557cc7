/**
 * The counsellor's desk: conversations waiting for a counsellor (live: `chat.waiting` /
 * `chat.taken` over /ws/chat/?role=counsellor), take one, then answer over the same socket
 * (`{type: "reply"}`), with HTTP when the socket is not open.
 */
import "../../i18n/chat";
import { api, ApiError, call, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { dateTime } from "../../format";
import { currentLanguage, t } from "../../i18n";
import { session } from "../../session";
import { asApiError, errorBox } from "../../ui/errors";
import { loginCard } from "../../ui/loginCard";
import { openChatSocket, type ChatEvent, type ChatSocket } from "./live";
import "./chat.css";

type Queued = Schemas["ConversationQueueOutput"];
type Detail = Schemas["ConversationDetailOutput"];
type Message = Schemas["MessageOutput"];

export function chatCounsellorView(root: HTMLElement): () => void {
  if (!session.user) {
    fill(root, h("h1", {}, t("chat.queue")), loginCard(t("chat.notCounsellor")));
    return () => undefined;
  }
  let disposed = false;
  let queue: Queued[] = [];
  let open: Detail | null = null;
  let error: ApiError | null = null;
  let desk: ChatSocket | null = null;
  const input = h("input", { id: "reply-input", type: "text", maxlength: 2000, "data-testid": "reply-input" });

  const loadQueue = async (): Promise<void> => {
    try {
      queue = await call(api.GET("/api/v1/chat/counsellor/queue/"));
    } catch (e) {
      error = asApiError(e);
    }
    render();
  };

  const onEvent = (message: ChatEvent): void => {
    if (disposed) return;
    if (message.event === "chat.waiting" || message.event === "chat.taken") void loadQueue();
    if (message.event === "chat.message" && open) {
      const m = message.data as unknown as Message;
      if (m.conversation === open.id && !open.messages.some((x) => x.id === m.id)) {
        open.messages.push(m);
        render();
      }
    }
  };
  const watcher = openChatSocket(() => `/ws/chat/?role=counsellor&lang=${currentLanguage()}`, onEvent);

  const openConversation = async (id: string, take: boolean): Promise<void> => {
    error = null;
    try {
      if (take) {
        await call(
          api.POST("/api/v1/chat/counsellor/conversations/{conversation_id}/take/", {
            params: { path: { conversation_id: id } },
          }),
        );
      }
      open = await call(
        api.GET("/api/v1/chat/counsellor/conversations/{conversation_id}/", {
          params: { path: { conversation_id: id } },
        }),
      );
      desk?.close();
      desk = openChatSocket(
        () => `/ws/chat/?role=counsellor&conversation=${id}&lang=${currentLanguage()}`,
        onEvent,
      );
    } catch (e) {
      error = asApiError(e);
    }
    await loadQueue();
  };

  const reply = async (): Promise<void> => {
    const text = input.value.trim();
    if (!text || !open) return;
    input.value = "";
    if (desk?.send({ type: "reply", message: text })) return;
    try {
      const message = await call(
        api.POST("/api/v1/chat/counsellor/conversations/{conversation_id}/reply/", {
          params: { path: { conversation_id: open.id } },
          body: { message: text },
        }),
      );
      if (!open.messages.some((x) => x.id === message.id)) open.messages.push(message);
    } catch (e) {
      error = asApiError(e);
    }
    render();
  };

  const close = async (): Promise<void> => {
    if (!open) return;
    try {
      await call(
        api.POST("/api/v1/chat/counsellor/conversations/{conversation_id}/close/", {
          params: { path: { conversation_id: open.id } },
        }),
      );
      open = null;
      desk?.close();
      desk = null;
    } catch (e) {
      error = asApiError(e);
    }
    await loadQueue();
  };

  function render(): void {
    if (disposed) return;
    const rows = queue.map((c) =>
      h(
        "li",
        { class: "card", "data-testid": "queue-item" },
        h("h2", {}, h("span", { "data-server-text": "conversation-title" }, c.title || "—")),
        h(
          "p",
          { class: "muted small" },
          c.handoff_requested_at ? t("chat.waitingSince", { time: dateTime(c.handoff_requested_at) }) : "",
          " · ",
          t("chat.messages", { count: c.num_messages }),
        ),
        h(
          "button",
          {
            type: "button",
            class: "button",
            "data-testid": "queue-take",
            onclick: () => void openConversation(c.id, !c.is_mine),
          },
          c.is_mine ? t("chat.openLink") : t("chat.take"),
        ),
      ),
    );
    fill(
      root,
      h("h1", {}, t("chat.queue")),
      errorBox(error) ?? "",
      rows.length ? h("ul", { class: "plain-list" }, rows) : h("p", { class: "muted" }, t("chat.queueEmpty")),
      open
        ? h(
            "section",
            { class: "card", "data-testid": "desk" },
            h("h2", {}, h("span", { "data-server-text": "conversation-title" }, open.title || "—")),
            h(
              "div",
              { role: "log", "aria-live": "polite" },
              h(
                "ol",
                { class: "chat-log" },
                open.messages.map((m) =>
                  h(
                    "li",
                    { class: `chat-bubble ${m.sender}` },
                    h("p", { class: "chat-text", "data-server-text": "chat-text" }, m.text),
                  ),
                ),
              ),
            ),
            h(
              "form",
              {
                class: "chat-form",
                onsubmit: (event: Event) => {
                  event.preventDefault();
                  void reply();
                },
              },
              h("label", { for: "reply-input", class: "visually-hidden" }, t("chat.reply")),
              input,
              h("button", { type: "submit", class: "button" }, t("chat.reply")),
            ),
            h("button", { type: "button", class: "button secondary", onclick: () => void close() }, t("chat.close")),
          )
        : null,
    );
  }

  render();
  void loadQueue();
  return () => {
    disposed = true;
    watcher.close();
    desk?.close();
  };
}
