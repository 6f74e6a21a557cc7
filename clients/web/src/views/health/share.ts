/** Share with a clinician: a time-limited, revocable link to a read-only summary; the link is
 * shown once. And the clinician's side: the summary opened from the link (no login). */
import "../../i18n/health";
import { api, call, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { dateTime } from "../../format";
import { t } from "../../i18n";
import { asApiError, errorBox } from "../../ui/errors";
import { back, HEALTH, loginGate, value } from "./common";

type Link = Schemas["ShareLinkOutput"];
const HOURS = [2, 24, 72, 168, 336];

export function healthShareView(root: HTMLElement): () => void {
  let disposed = false;
  const title = h("h1", {}, t("health.share.title"));
  if (loginGate(root, title)) return () => undefined;
  const created = h("div", { role: "status", "aria-live": "polite", "data-testid": "share-created" });
  const list = h("section", { class: "card", "aria-labelledby": "share-mine" });

  const item = (link: Link): HTMLElement =>
    h(
      "li",
      { "data-testid": "share-link" },
      h("span", { "data-server-text": "label" }, link.label || "—"),
      " · ",
      link.revoked_at ? t("health.share.revoked") : link.active ? t("health.share.until", { time: dateTime(link.expires_at) }) : t("health.share.expired"),
      " · ",
      t("health.share.views", { count: link.views ?? 0 }),
      link.active
        ? h(
            "button",
            {
              type: "button",
              class: "button secondary",
              "data-testid": "share-revoke",
              onclick: async () => {
                try {
                  await call(api.POST("/api/v1/health/share-links/{share_link_id}/revoke/", { params: { path: { share_link_id: link.id } } }));
                  await load();
                } catch (e) {
                  fill(created, errorBox(asApiError(e)));
                }
              },
            },
            t("health.share.revoke"),
          )
        : null,
    );

  const load = async (): Promise<void> => {
    try {
      const links = await call(api.GET("/api/v1/health/share-links/"));
      if (disposed) return;
      fill(list, h("h2", { id: "share-mine" }, t("health.share.mine")), links.length ? h("ul", { class: "plain-list" }, links.map(item)) : h("p", { class: "muted" }, t("health.share.none")));
    } catch (e) {
      fill(list, errorBox(asApiError(e)));
    }
  };

  const label = h("input", { id: "share-label", name: "label", maxlength: 80, autocomplete: "off" });
  const hours = h(
    "select",
    { id: "share-hours", name: "hours" },
    HOURS.map((n) => h("option", { value: n, selected: n === 72 }, n < 48 ? t("health.share.hoursOption", { count: n }) : t("health.share.daysOption", { count: n / 24 }))),
  );
  const form = h(
    "form",
    {
      class: "card",
      "data-testid": "share-form",
      onsubmit: async (event: Event) => {
        event.preventDefault();
        fill(created);
        try {
          const link = await call(api.POST("/api/v1/health/share-links/", { body: { label: label.value, hours: Number(hours.value) } }));
          const url = `${location.origin}${HEALTH}/shared/${encodeURIComponent(link.token)}`;
          fill(created, h("div", { class: "card" }, h("p", {}, t("health.share.created")), h("input", { readonly: true, value: url, "aria-label": t("health.share.title"), "data-testid": "share-url" })));
          await load();
        } catch (e) {
          fill(created, errorBox(asApiError(e)));
        }
      },
    },
    h("label", { for: "share-label" }, t("health.share.label")),
    label,
    h("label", { for: "share-hours" }, t("health.share.hours")),
    hours,
    h("button", { type: "submit", class: "button", "data-testid": "share-create" }, t("health.share.create")),
  );
  fill(root, back(), title, h("p", { class: "muted" }, t("health.share.intro")), form, created, list);
  void load();
  return () => {
    disposed = true;
  };
}

export function healthSharedView(root: HTMLElement, token: string): () => void {
  let disposed = false;
  const title = h("h1", {}, t("health.shared.title"));
  fill(root, title, h("p", { class: "muted loading" }, t("loading")));
  call(api.GET("/api/v1/health/shared/{token}/", { params: { path: { token } } })).then(
    (summary) => {
      if (disposed) return;
      const section = (key: Parameters<typeof t>[0], rows: string[]): HTMLElement =>
        h("section", { class: "card" }, h("h2", {}, t(key)), rows.length ? h("ul", {}, rows.map((r) => h("li", { "data-server-text": "record" }, r))) : h("p", { class: "muted" }, t("health.records.empty")));
      fill(
        root,
        title,
        h("p", { "data-server-text": "name" }, summary.name),
        summary.expires_at ? h("p", { class: "muted small" }, t("health.shared.expires", { time: dateTime(summary.expires_at) })) : null,
        section("health.latest", summary.latest.map((m) => `${m.label}: ${value(m.value)} ${m.unit} (${dateTime(m.measured_at)})`)),
        section("health.records.conditions", summary.conditions.map((c) => c.name)),
        section("health.records.medications", summary.medications.map((m) => [m.name, m.dosage].filter(Boolean).join(" · "))),
        section("health.records.allergies", summary.allergies.map((a) => [a.substance, a.reaction].filter(Boolean).join(" · "))),
      );
    },
    (e) => !disposed && fill(root, title, errorBox(asApiError(e))),
  );
  return () => {
    disposed = true;
  };
}
