/**
 * "My civil requests": the list (newest first, a page at a time) and one request with its photo,
 * the division handling it and its history. Both need a login; someone else's request is "not
 * found" (the server's access check).
 */
import "../../i18n/civic";
import { api, type ApiError, call } from "../../api/client";
import { fill, h } from "../../dom";
import { dateTime } from "../../format";
import { t } from "../../i18n";
import { session } from "../../session";
import { backLink } from "../../ui/backLink";
import { freshOrKept, keep, kept } from "../../store";
import { asApiError, errorBox, isNetworkError } from "../../ui/errors";
import { staleNote } from "../../ui/stale";
import { pagedList } from "../../ui/pagedList";
import { type Category, type CivilRequest, type CivilRequestDetail, civicLoginCard, NEW_REQUEST, REQUESTS, requestPath, statusBadge } from "./common";

export function civicListView(root: HTMLElement): () => void {
  if (!session.user) {
    fill(root, h("h1", {}, t("civic.mine")), civicLoginCard());
    return () => undefined;
  }
  const item = (r: CivilRequest): HTMLElement =>
    h(
      "li",
      { class: "card civic-item", "data-testid": "civil-request" },
      h(
        "a",
        { href: requestPath(r.id) },
        h("h2", {}, h("span", { "data-server-text": "category" }, r.category.name)),
        h("p", { class: "civic-actions" }, statusBadge(r), h("span", { class: "muted small" }, t("civic.filedAt", { when: dateTime(r.created_at) }))),
        r.address ? h("p", { class: "muted small civic-text", "data-server-text": "user-text" }, r.address) : null,
      ),
    );
  const list = pagedList<CivilRequest>({
    load: async (cursor) => {
      const page = await call(api.GET("/api/v1/chat/requests/", { params: { query: cursor ? { cursor } : {} } }));
      if (!cursor) keep("civil-requests", page.results);
      return page;
    },
    item,
    empty: t("civic.none"),
    testid: "civil-requests",
    className: "plain-list",
    // offline: the list as it was last seen, marked with when
    fallback: (error) => {
      const copy = isNetworkError(error) ? kept<CivilRequest[]>("civil-requests") : null;
      if (!copy) return null;
      return h("li", {}, staleNote(copy.savedAt), h("ul", { class: "plain-list" }, copy.value.map(item)));
    },
  });
  fill(
    root,
    h("h1", {}, t("civic.mine")),
    h("p", { class: "muted" }, t("civic.intro")),
    h("p", {}, h("a", { class: "button", href: NEW_REQUEST, "data-testid": "new-request" }, t("civic.new"))),
    list.element,
  );
  return list.dispose;
}

export function civicDetailView(root: HTMLElement, id: string): () => void {
  let disposed = false;
  let found: CivilRequestDetail | null = null;
  let category: Category | undefined;
  let stale = 0;
  let error: ApiError | null = null;
  const justFiled = new URLSearchParams(location.search).has("filed");

  const render = (): void => {
    if (disposed) return;
    const back = backLink(REQUESTS, t("civic.mine"));
    if (!session.user) {
      fill(root, back, h("h1", {}, t("civic.mine")), civicLoginCard());
      return;
    }
    if (error) {
      fill(root, back, h("h1", {}, t("civic.mine")), errorBox(error) ?? "");
      return;
    }
    if (!found) {
      fill(root, back, h("p", { class: "muted loading" }, t("loading")));
      return;
    }
    const r = found;
    const answers = Object.entries(r.attributes ?? {});
    fill(
      root,
      back,
      stale ? staleNote(stale) : null,
      justFiled ? h("p", { class: "notice", role: "status", "data-testid": "filed-notice" }, t("civic.sent")) : null,
      h(
        "section",
        { class: "card", "aria-labelledby": "request-title" },
        h("h1", { id: "request-title" }, h("span", { "data-server-text": "category" }, r.category.name)),
        h("p", { class: "civic-actions" }, statusBadge(r), h("span", { class: "muted small" }, t("civic.filedAt", { when: dateTime(r.created_at) }))),
        h("p", { class: "muted small" }, `${t("civic.department")}: `, h("span", { "data-server-text": "department" }, r.department.name)),
        r.expected_at ? h("p", { class: "muted small" }, t("civic.expected", { when: dateTime(r.expected_at) })) : null,
        h("p", { class: "civic-text", "data-testid": "request-description", "data-server-text": "user-text" }, r.description),
        r.address ? h("p", { class: "muted civic-text", "data-server-text": "user-text" }, r.address) : null,
        r.lat != null && r.lon != null ? h("p", { class: "muted small mono" }, `${r.lat.toFixed(5)}, ${r.lon.toFixed(5)}`) : null,
        r.photo_url && !stale ? h("img", { class: "civic-photo", src: r.photo_url, alt: t("civic.photo"), "data-testid": "request-photo" }) : null,
        answers.length
          ? [
              h("h2", {}, t("civic.answers")),
              h(
                "dl",
                { class: "breakdown", "data-testid": "request-answers" },
                answers.flatMap(([code, value]) => {
                  const question = category?.attributes.find((a) => a.code === code);
                  const name = (key: string): string => question?.values.find((v) => v.key === key)?.name ?? key;
                  const values = (Array.isArray(value) ? value : [value]).map((v) => name(String(v)));
                  return [
                    h("dt", { "data-server-text": "question" }, question?.description ?? code),
                    h("dd", { "data-server-text": "answer" }, values.join(", ")),
                  ];
                }),
              ),
            ]
          : null,
        r.status_notes
          ? [h("h2", {}, t("civic.notes")), h("p", { class: "civic-text", "data-server-text": "note" }, r.status_notes)]
          : null,
      ),
      h(
        "section",
        { class: "card", "aria-labelledby": "history-title" },
        h("h2", { id: "history-title" }, t("civic.history")),
        h(
          "ol",
          { class: "civic-history", "data-testid": "request-history" },
          r.history.map((event) =>
            h(
              "li",
              { "data-status": event.status },
              h("strong", { "data-server-text": "status" }, event.status_label),
              h("span", { class: "muted small" }, ` · ${dateTime(event.at)} · `),
              h("span", { class: "muted small", "data-server-text": "department" }, event.department.name),
              event.note ? h("p", { class: "civic-text", "data-server-text": "note" }, event.note) : null,
            ),
          ),
        ),
      ),
    );
  };

  if (session.user) {
    void (async () => {
      try {
        const [answer, categories] = await Promise.all([
          freshOrKept(
            `civil-request.${id}`,
            () => call(api.GET("/api/v1/chat/requests/{civil_request_id}/", { params: { path: { civil_request_id: id } } })),
            isNetworkError,
          ),
          call(api.GET("/api/v1/chat/requests/categories/")).catch(() => [] as Category[]),
        ]);
        const request = answer.value;
        stale = answer.stale ? answer.savedAt : 0;
        found = request;
        category = categories.find((c) => c.code === request.category.code);
      } catch (e) {
        error = asApiError(e);
      }
      render();
    })();
  }
  render();
  return () => {
    disposed = true;
  };
}
