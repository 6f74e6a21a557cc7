/**
 * 김해톡톡: ask the city's knowledge base. Live over /ws/chat/ (typing, the answer streamed in
 * pieces, a counsellor's messages) with POST /api/v1/chat/ask/ when the socket is not open.
 * Answers show their sources as cards; actions (phone, booking, civil request, …) ask first;
 * a rating is asked for the conversation. The conversation id is kept for this tab, so a reload
 * continues it (a logged-in person also finds it under "Past conversations").
 */
import "../../i18n/chat";
import { api, ApiError, call, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { currentLanguage, t } from "../../i18n";
import { confirmDialog } from "../../ui/confirm";
import { asApiError, errorBox } from "../../ui/errors";
import { session } from "../../session";
import { openChatSocket, type ChatEvent, type ChatSocket } from "./live";
import "./chat.css";

type Answer = Schemas["ChatAnswerOutput"];
type Message = Schemas["MessageOutput"];
type Source = Schemas["ChatSourceOutput"];
type Action = Schemas["ChatActionOutput"];
type Status = Schemas["ConversationStatusEnum"];

export const CHAT = "/services/chat";
const KEEP = "ieum.chat.conversation";

interface Bubble {
  id: string;
  sender: string;
  text: string;
  sources: Source[];
  actions: Action[];
  low: boolean;
  note?: Node | null;
}

function kept(): string | null {
  try {
    return sessionStorage.getItem(KEEP);
  } catch {
    return null;
  }
}

function keep(id: string | null): void {
  try {
    if (id) sessionStorage.setItem(KEEP, id);
    else sessionStorage.removeItem(KEEP);
  } catch {
    /* storage blocked: the conversation lasts as long as the screen */
  }
}

function senderLabel(sender: string): string {
  if (sender === "user") return t("chat.you");
  if (sender === "counsellor") return t("chat.counsellor");
  if (sender === "system") return t("chat.system");
  return t("chat.bot");
}

function sourceCard(source: Source): HTMLElement {
  const external = /^https?:/.test(source.url);
  return h(
    "li",
    { class: "card chat-source", "data-testid": "chat-source", "data-source-id": source.id },
    h("h3", {}, h("span", { "data-server-text": "knowledge-title" }, source.title)),
    source.url
      ? h(
          "a",
          {
            href: source.url,
            class: "chat-source-link",
            ...(external ? { target: "_blank", rel: "noopener" } : {}),
          },
          t("chat.open"),
        )
      : null,
  );
}

export function chatView(root: HTMLElement): () => void {
  let disposed = false;
  let conversation: string | null = new URLSearchParams(location.search).get("c") ?? kept();
  let status: Status = "bot";
  let bubbles: Bubble[] = [];
  let error: ApiError | null = null;
  let typing: string | null = null;
  let streaming: { id: string; text: string } | null = null;
  let rated = false;
  let busy = false;

  const log = h("ol", { class: "chat-log", "data-testid": "chat-log" });
  const logRegion = h("div", { role: "log", "aria-live": "polite", "aria-label": t("chat.title") }, log);
  const input = h("input", {
    id: "chat-input",
    type: "text",
    maxlength: 500,
    autocomplete: "off",
    placeholder: t("chat.placeholder"),
    "data-testid": "chat-input",
  });
  const errorSlot = h("div", {});
  const footer = h("div", { class: "chat-footer" });

  const socket: ChatSocket = openChatSocket(
    () =>
      `/ws/chat/?lang=${currentLanguage()}` +
      (conversation ? `&conversation=${encodeURIComponent(conversation)}` : ""),
    (message) => onEvent(message),
  );

  const scrollDown = (): void => {
    log.lastElementChild?.scrollIntoView?.({ block: "end" });
  };

  const actionButton = (action: Action): HTMLElement =>
    h(
      "button",
      {
        type: "button",
        class: "button secondary small",
        "data-testid": "chat-action",
        "data-kind": action.kind,
        onclick: () => void runAction(action),
      },
      h("span", { "data-server-text": "action-label" }, action.label),
    );

  const bubbleElement = (bubble: Bubble): HTMLElement =>
    h(
      "li",
      {
        class: `chat-bubble ${bubble.sender}${bubble.low ? " low" : ""}`,
        "data-testid": "chat-message",
        "data-sender": bubble.sender,
      },
      h("p", { class: "chat-sender muted small" }, senderLabel(bubble.sender)),
      bubble.low ? h("p", { class: "chat-low small" }, t("chat.lowConfidence")) : null,
      h("p", { class: "chat-text", "data-server-text": "chat-text" }, bubble.text),
      bubble.sources.length
        ? h(
            "div",
            { class: "chat-sources" },
            h("p", { class: "muted small" }, t("chat.sources")),
            h("ul", { class: "plain-list", "data-testid": "chat-sources" }, bubble.sources.map(sourceCard)),
          )
        : null,
      bubble.actions.length ? h("div", { class: "row gap chat-actions" }, bubble.actions.map(actionButton)) : null,
      bubble.note ?? null,
    );

  const renderLog = (): void => {
    const items = bubbles.map(bubbleElement);
    if (streaming) {
      items.push(
        h(
          "li",
          { class: "chat-bubble bot", "data-testid": "chat-streaming" },
          h("p", { class: "chat-sender muted small" }, t("chat.bot")),
          h("p", { class: "chat-text", "data-server-text": "chat-text" }, streaming.text),
        ),
      );
    } else if (typing) {
      items.push(h("li", { class: "chat-typing muted small", "data-testid": "chat-typing" }, typing));
    }
    if (!bubbles.length && !streaming && !typing) {
      items.push(
        h(
          "li",
          { class: "chat-examples" },
          h("p", { class: "muted small" }, t("chat.suggestions")),
          h(
            "div",
            { class: "chips" },
            (["chat.example1", "chat.example2", "chat.example3"] as const).map((key) =>
              h("button", { type: "button", class: "chip", onclick: () => void ask(t(key)) }, t(key)),
            ),
          ),
        ),
      );
    }
    fill(log, items);
    scrollDown();
  };

  const renderFooter = (): void => {
    const parts: (HTMLElement | null)[] = [];
    if (status === "waiting") parts.push(h("p", { class: "chat-status", "data-testid": "chat-status" }, t("chat.handoffWaiting")));
    if (status === "live") parts.push(h("p", { class: "chat-status", "data-testid": "chat-status" }, t("chat.live")));
    if (status === "closed") parts.push(h("p", { class: "chat-status" }, t("chat.closed")));
    if (conversation && status === "bot") {
      parts.push(
        h(
          "button",
          { type: "button", class: "button secondary", "data-testid": "chat-handoff", onclick: () => void handoff() },
          t("chat.handoff"),
        ),
      );
    }
    if (conversation && bubbles.some((b) => b.sender === "bot" || b.sender === "counsellor")) {
      parts.push(
        rated
          ? h("p", { class: "muted", "data-testid": "chat-rated" }, t("chat.rateThanks"))
          : h(
              "div",
              { class: "chat-rating", "data-testid": "chat-rating" },
              h("p", {}, t("chat.rateQuestion")),
              h(
                "div",
                { class: "row gap" },
                h(
                  "button",
                  { type: "button", class: "button secondary", "data-testid": "rate-positive", onclick: () => void rate("positive") },
                  t("chat.ratePositive"),
                ),
                h(
                  "button",
                  { type: "button", class: "button secondary", "data-testid": "rate-negative", onclick: () => void rate("negative") },
                  t("chat.rateNegative"),
                ),
              ),
            ),
      );
    }
    if (conversation) {
      parts.push(
        h(
          "button",
          { type: "button", class: "button secondary", "data-testid": "chat-new", onclick: () => restart() },
          t("chat.newConversation"),
        ),
      );
    }
    fill(footer, parts);
  };

  const render = (): void => {
    if (disposed) return;
    renderLog();
    renderFooter();
    fill(errorSlot, errorBox(error) ?? "");
  };

  const setConversation = (id: string): void => {
    if (conversation === id) return;
    conversation = id;
    keep(id);
  };

  const addBubble = (bubble: Bubble): void => {
    if (bubbles.some((b) => b.id === bubble.id)) return;
    bubbles.push(bubble);
  };

  const fromMessage = (m: Message): Bubble => ({
    id: m.id,
    sender: m.sender,
    text: m.text,
    sources: m.sources,
    actions: m.actions,
    low: m.intent === "unknown",
  });

  const fromAnswer = (answer: Answer): Bubble => ({
    id: answer.message_id,
    sender: answer.intent === "counsellor" ? "system" : "bot",
    text: answer.answer,
    sources: answer.sources,
    actions: answer.actions,
    low: answer.low_confidence,
  });

  function onEvent(message: ChatEvent): void {
    if (disposed) return;
    const data = message.data;
    switch (message.event) {
      case "chat.typing":
        if (data.sender === "counsellor") typing = t("chat.counsellorTyping");
        else if (data.sender === "bot") typing = t("chat.typing");
        break;
      case "chat.delta": {
        const id = String(data.message_id);
        streaming = streaming?.id === id ? { id, text: streaming.text + String(data.text) } : { id, text: String(data.text) };
        typing = null;
        break;
      }
      case "chat.answer": {
        const answer = data as unknown as Answer;
        streaming = null;
        typing = null;
        busy = false;
        setConversation(answer.conversation);
        // with a counsellor, the message went to them: the status line says so already
        if (!(answer.intent === "counsellor" && status === "live")) addBubble(fromAnswer(answer));
        break;
      }
      case "chat.message": {
        const m = data as unknown as Message;
        if (m.sender === "user") return; // our own message, relayed to the counsellor: shown already
        typing = null;
        addBubble(fromMessage(m));
        break;
      }
      case "chat.counsellor_joined":
        status = "live";
        break;
      case "chat.closed":
        status = "closed";
        break;
      case "chat.error":
        busy = false;
        typing = null;
        streaming = null;
        error = new ApiError(400, data as unknown as ConstructorParameters<typeof ApiError>[1]);
        break;
      default:
        return;
    }
    render();
  }

  async function ask(text: string): Promise<void> {
    const message = text.trim();
    if (!message || busy || disposed) return;
    error = null;
    busy = true;
    addBubble({ id: `local-${Date.now()}`, sender: "user", text: message, sources: [], actions: [], low: false });
    input.value = "";
    const sent = socket.send({ type: "ask", message, language: currentLanguage(), conversation });
    if (sent) {
      render();
      return;
    }
    typing = t("chat.typing");
    render();
    try {
      const answer = await call(
        api.POST("/api/v1/chat/ask/", {
          body: { message, language: currentLanguage(), conversation: conversation ?? undefined },
        }),
      );
      setConversation(answer.conversation);
      addBubble(fromAnswer(answer));
    } catch (e) {
      error = asApiError(e);
    } finally {
      busy = false;
      typing = null;
      render();
    }
  }

  async function runAction(action: Action): Promise<void> {
    if (!conversation) return;
    const yes = await confirmDialog({
      title: t("chat.confirmTitle"),
      body: [h("p", { "data-server-text": "action-confirm" }, action.confirm)],
      confirm: t("chat.confirmOk"),
    });
    if (!yes || disposed) return;
    try {
      const result = await call(
        api.POST("/api/v1/chat/conversations/{conversation_id}/actions/{action_id}/confirm/", {
          params: { path: { conversation_id: conversation, action_id: action.id } },
        }),
      );
      if (action.kind === "handoff") status = "waiting";
      const link = result.url
        ? h(
            "a",
            {
              href: result.url,
              class: "button",
              "data-testid": "chat-action-link",
              ...(/^https?:/.test(result.url) ? { target: "_blank", rel: "noopener" } : {}),
            },
            result.url.startsWith("tel:") ? t("chat.call") : t("chat.openLink"),
          )
        : null;
      addBubble({
        id: `action-${action.id}`,
        sender: "system",
        text: result.message,
        sources: [],
        actions: [],
        low: false,
        note: link,
      });
    } catch (e) {
      error = asApiError(e);
    }
    render();
  }

  async function handoff(): Promise<void> {
    if (!conversation) return;
    try {
      const result = await call(
        api.POST("/api/v1/chat/conversations/{conversation_id}/handoff/", {
          params: { path: { conversation_id: conversation } },
        }),
      );
      status = result.status;
    } catch (e) {
      error = asApiError(e);
    }
    render();
  }

  async function rate(rating: "positive" | "negative"): Promise<void> {
    if (!conversation) return;
    try {
      await call(
        api.POST("/api/v1/chat/conversations/{conversation_id}/rating/", {
          params: { path: { conversation_id: conversation } },
          body: { rating },
        }),
      );
      rated = true;
    } catch (e) {
      error = asApiError(e);
    }
    render();
  }

  function restart(): void {
    keep(null);
    conversation = null;
    bubbles = [];
    status = "bot";
    rated = false;
    error = null;
    render();
  }

  const form = h(
    "form",
    {
      class: "chat-form",
      onsubmit: (event: Event) => {
        event.preventDefault();
        void ask(input.value);
      },
    },
    h("label", { for: "chat-input", class: "visually-hidden" }, t("chat.inputLabel")),
    input,
    h("button", { type: "submit", class: "button", "data-testid": "chat-send" }, t("chat.send")),
  );

  fill(
    root,
    h("h1", {}, t("chat.title")),
    h("p", { class: "muted" }, t("chat.intro")),
    session.user ? h("p", {}, h("a", { href: `${CHAT}/history`, "data-testid": "chat-history-link" }, t("chat.history"))) : null,
    logRegion,
    errorSlot,
    form,
    footer,
  );
  render();

  void (async () => {
    if (!conversation) {
      const q = new URLSearchParams(location.search).get("q");
      if (q) void ask(q);
      return;
    }
    try {
      const detail = await call(
        api.GET("/api/v1/chat/conversations/{conversation_id}/", {
          params: { path: { conversation_id: conversation } },
        }),
      );
      if (disposed) return;
      bubbles = detail.messages.map(fromMessage);
      status = detail.status;
      rated = Boolean(detail.rating);
    } catch (e) {
      const failure = asApiError(e);
      if (failure.status === 404) restart();
      else error = failure;
    }
    render();
  })();

  return () => {
    disposed = true;
    socket.close();
  };
}
