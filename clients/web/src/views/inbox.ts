/** The notification inbox: cursor pages from the API, new ones pushed live at the top. */
import { api, ApiError, call } from "../api/client";
import { append, h } from "../dom";
import { t } from "../i18n";
import { liveStatus, onLiveStatus, onNotificationCreated, type Notification } from "../live";
import { session, setUnread } from "../session";
import { dateTime } from "../format";


function cursorOf(next: string | null | undefined): string | undefined {
  if (!next) return undefined;
  return new URL(next, location.origin).searchParams.get("cursor") ?? undefined;
}

export function inboxView(root: HTMLElement): () => void {
  if (!session.user) {
    root.replaceChildren(
      h(
        "section",
        { class: "card" },
        h("h1", {}, t("inbox.title")),
        h("p", { class: "muted" }, t("inbox.loginNeeded")),
        h("a", { class: "button", href: "/login" }, t("header.login")),
      ),
    );
    return () => undefined;
  }

  const items: Notification[] = [];
  let next: string | undefined;
  let loading = true;
  let error: ApiError | null = null;

  const list = h("ul", { class: "inbox", "aria-live": "polite", "data-testid": "inbox" });
  const status = h("p", { class: "live-status", role: "status" });
  const footer = h("div", { class: "inbox-footer" });

  const item = (n: Notification) =>
    h(
      "li",
      {
        class: n.read_at ? "notification" : "notification unread",
        "data-id": n.id,
        "data-testid": "notification",
      },
      h(
        "div",
        { class: "notification-head" },
        n.read_at ? null : h("span", { class: "dot", title: t("inbox.unreadMark") }),
        h("h2", {}, n.title),
      ),
      h("p", {}, n.body),
      h(
        "div",
        { class: "notification-foot" },
        h("time", { datetime: n.created_at }, dateTime(n.created_at)),
        n.read_at
          ? null
          : h(
              "button",
              { type: "button", class: "link", onclick: () => void markRead(n) },
              t("inbox.markRead"),
            ),
      ),
    );

  const render = (): void => {
    list.replaceChildren(...items.map(item));
    if (!loading && !items.length && !error) {
      list.replaceChildren(h("li", { class: "empty" }, t("inbox.empty")));
    }
    const live = liveStatus();
    status.textContent = live === "open" ? t("inbox.live") : live === "offline" ? t("inbox.offline") : "";
    status.className = `live-status ${live}`;
    footer.replaceChildren();
    append(footer, [
      error ? h("p", { class: "error", role: "alert" }, error.message) : null,
      loading ? h("p", { class: "muted" }, t("loading")) : null,
      !loading && next
        ? h("button", { type: "button", class: "button secondary", onclick: () => void load() }, t("inbox.more"))
        : null,
    ]);
  };

  async function load(): Promise<void> {
    loading = true;
    render();
    try {
      const page = await call(
        api.GET("/api/v1/notifications/", { params: { query: next ? { cursor: next } : {} } }),
      );
      const known = new Set(items.map((n) => n.id));
      items.push(...page.results.filter((n) => !known.has(n.id)));
      next = cursorOf(page.next);
      error = null;
    } catch (e) {
      error = e instanceof ApiError ? e : null;
    } finally {
      loading = false;
      render();
    }
  }

  async function markRead(n: Notification): Promise<void> {
    try {
      const updated = await call(
        api.POST("/api/v1/notifications/{notification_id}/read/", {
          params: { path: { notification_id: n.id } },
        }),
      );
      if (!n.read_at) setUnread(Math.max(0, session.unread - 1)); // the socket confirms it
      Object.assign(n, updated);
      render();
    } catch (e) {
      error = e instanceof ApiError ? e : null;
      render();
    }
  }

  async function readAll(): Promise<void> {
    try {
      const { unread } = await call(api.POST("/api/v1/notifications/read-all/"));
      const now = new Date().toISOString();
      for (const n of items) if (!n.read_at) Object.assign(n, { read_at: now });
      setUnread(unread);
      render();
    } catch (e) {
      error = e instanceof ApiError ? e : null;
      render();
    }
  }

  const stopCreated = onNotificationCreated((n) => {
    if (items.some((existing) => existing.id === n.id)) return;
    items.unshift(n);
    render();
  });
  const stopStatus = onLiveStatus(render);

  root.replaceChildren(
    h(
      "section",
      { "aria-labelledby": "inbox-title" },
      h(
        "div",
        { class: "section-head" },
        h("h1", { id: "inbox-title", class: "section-title" }, t("inbox.title")),
        h("button", { type: "button", class: "link", onclick: () => void readAll() }, t("inbox.readAll")),
      ),
      status,
      list,
      footer,
    ),
  );
  void load();

  return () => {
    stopCreated();
    stopStatus();
  };
}
