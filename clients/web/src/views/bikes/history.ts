/** My rides, newest first (cursor pages). Each opens its receipt, or the ride while it is open. */
import { api, type ApiError, call } from "../../api/client";
import { append, fill, h } from "../../dom";
import { t } from "../../i18n";
import { session } from "../../session";
import { BIKES, loginCard, receiptPath, ridePath, statusLabel, type Rental } from "./common";
import { dateTime, won } from "../../format";
import { asApiError, errorBox } from "../../ui/errors";
import { backLink } from "../../ui/backLink";

function cursorOf(next: string | null | undefined): string | undefined {
  if (!next) return undefined;
  return new URL(next, location.origin).searchParams.get("cursor") ?? undefined;
}

export function bikesHistoryView(root: HTMLElement): () => void {
  if (!session.user) {
    fill(root, loginCard(t("bikes.loginNeeded")));
    return () => undefined;
  }
  let disposed = false;
  const rides: Rental[] = [];
  let next: string | undefined;
  let loading = true;
  let error: ApiError | null = null;
  const list = h("ul", { class: "history", "data-testid": "history" });
  const footer = h("div", { class: "inbox-footer" });

  const item = (r: Rental) => {
    const open = r.status === "reserved" || r.status === "active";
    const place = r.end_station ?? r.end_spot ?? r.start_station ?? r.start_spot;
    const when = r.started_at ?? r.ended_at;
    return h(
      "li",
      {},
      h(
        "a",
        { class: "ride", href: open ? ridePath(r.id) : receiptPath(r.id), "data-testid": "ride", "data-id": r.id, "data-status": r.status },
        h(
          "div",
          {},
          h("strong", {}, r.vehicle_code),
          " ",
          h("span", { class: "tag" }, statusLabel(r)),
          h("div", { class: "muted small" }, [when ? dateTime(when) : "", place ? ` · ${place.name}` : ""].join("")),
        ),
        h(
          "div",
          { class: "ride-amount" },
          r.status === "ended" ? won(r.amount_krw) : "",
          r.minutes != null ? h("div", { class: "muted small" }, t("bikes.minutes", { count: r.minutes })) : null,
        ),
      ),
    );
  };

  const render = (): void => {
    if (disposed) return;
    list.replaceChildren(...rides.map(item));
    if (!loading && !rides.length && !error) list.replaceChildren(h("li", { class: "empty" }, t("bikes.noRides")));
    footer.replaceChildren();
    append(footer, [
      errorBox(error),
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
      const page = await call(api.GET("/api/v1/rentals/rentals/", { params: { query: next ? { cursor: next } : {} } }));
      const known = new Set(rides.map((r) => r.id));
      rides.push(...page.results.filter((r) => !known.has(r.id)));
      next = cursorOf(page.next);
      error = null;
    } catch (e) {
      error = asApiError(e);
    } finally {
      loading = false;
      render();
    }
  }

  fill(root, 
    backLink(BIKES, t("bikes.title")),
    h(
      "section",
      { "aria-labelledby": "history-title" },
      h("h1", { id: "history-title", class: "section-title" }, t("bikes.history")),
      list,
      footer,
    ),
  );
  void load();
  return () => {
    disposed = true;
  };
}
