/** The consent level (0/1/2) with what each level sends, its history, and who else read my data. */
import "../../i18n/health";
import { api, call, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { dateTime } from "../../format";
import { type MessageKey, t } from "../../i18n";
import { asApiError, errorBox } from "../../ui/errors";
import { back, loginGate } from "./common";

type Consent = Schemas["ConsentOutput"];

const LEVELS: { level: 0 | 1 | 2; label: MessageKey; hint: MessageKey }[] = [
  { level: 0, label: "health.sharing.level0", hint: "health.sharing.level0Hint" },
  { level: 1, label: "health.sharing.level1", hint: "health.sharing.level1Hint" },
  { level: 2, label: "health.sharing.level2", hint: "health.sharing.level2Hint" },
];

export function healthSharingView(root: HTMLElement): () => void {
  let disposed = false;
  const title = h("h1", {}, t("health.sharing.title"));
  if (loginGate(root, title)) return () => undefined;
  const status = h("div", { role: "status", "aria-live": "polite", "data-testid": "sharing-status" });
  const log = h("section", { class: "card", "aria-labelledby": "access-log-title" });
  const profile = h("section", { class: "card", "aria-labelledby": "profile-title", "data-testid": "health-profile" });

  const loadProfile = async (): Promise<void> => {
    try {
      const [me, areas] = await Promise.all([call(api.GET("/api/v1/health/me/")), call(api.GET("/api/v1/health/areas/"))]);
      if (disposed) return;
      const saved = h("div", { role: "status", "aria-live": "polite" });
      const sex = h(
        "select",
        { id: "profile-sex", "data-testid": "profile-sex" },
        (["unknown", "female", "male"] as const).map((v) => h("option", { value: v, selected: me.sex === v }, t(`health.profile.sex.${v}` as MessageKey))),
      );
      const area = h(
        "select",
        { id: "profile-area", "data-testid": "profile-area" },
        h("option", { value: "", selected: !me.area_code }, t("health.profile.areaNone")),
        areas.map((a) => h("option", { value: a.area_code, selected: a.area_code === me.area_code }, a.name)),
      );
      fill(
        profile,
        h("h2", { id: "profile-title" }, t("health.profile.title")),
        h("p", { class: "muted small" }, t("health.profile.hint")),
        h(
          "form",
          {
            onsubmit: async (event: Event) => {
              event.preventDefault();
              fill(saved);
              try {
                await call(api.PATCH("/api/v1/health/me/", { body: { sex: sex.value as "unknown", area_code: area.value } }));
                fill(saved, h("p", { class: "notice" }, t("health.profile.saved")));
              } catch (e) {
                fill(saved, errorBox(asApiError(e)));
              }
            },
          },
          h("label", { for: "profile-sex" }, t("health.profile.sex")),
          sex,
          h("label", { for: "profile-area" }, t("health.profile.area")),
          area,
          h("button", { type: "submit", class: "button secondary", "data-testid": "profile-save" }, t("health.profile.save")),
        ),
        saved,
      );
    } catch (e) {
      fill(profile, errorBox(asApiError(e)));
    }
  };

  const draw = (consent: Consent): void => {
    fill(
      root,
      back(),
      title,
      h("p", { class: "muted" }, t("health.sharing.intro")),
      h("p", { "data-testid": "consent-level" }, h("strong", {}, t("health.sharing.current", { level: consent.level }))),
      h(
        "fieldset",
        { class: "card", "data-testid": "consent-levels" },
        h("legend", {}, t("health.sharing.title")),
        LEVELS.map((option) =>
          h(
            "label",
            { class: "radio" },
            h("input", {
              type: "radio",
              name: "level",
              value: option.level,
              checked: option.level === consent.level,
              "data-testid": `consent-${option.level}`,
              onchange: async () => {
                fill(status);
                try {
                  const next = await call(api.POST("/api/v1/health/consent/", { body: { level: option.level } }));
                  draw(next);
                  fill(status, h("p", { class: "notice" }, t("health.sharing.saved")));
                } catch (e) {
                  fill(status, errorBox(asApiError(e)));
                }
              },
            }),
            h("span", {}, h("strong", {}, t(option.label)), h("br"), h("span", { class: "muted small" }, t(option.hint))),
          ),
        ),
      ),
      status,
      h(
        "section",
        { class: "card", "aria-labelledby": "consent-history" },
        h("h2", { id: "consent-history" }, t("health.sharing.history")),
        h(
          "ul",
          { class: "plain-list", "data-testid": "consent-history" },
          consent.history.map((r) =>
            h("li", {}, `${dateTime(r.created_at)} · ${t(`health.sharing.level${r.level}` as MessageKey)} · ${t(`health.sharing.source.${r.source}` as MessageKey)}`),
          ),
        ),
      ),
      profile,
      log,
    );
  };

  const loadLog = async (): Promise<void> => {
    try {
      const page = await call(api.GET("/api/v1/health/access-log/"));
      if (disposed) return;
      fill(
        log,
        h("h2", { id: "access-log-title" }, t("health.sharing.accessLog")),
        page.results.length
          ? h(
              "ul",
              { class: "plain-list", "data-testid": "access-log" },
              page.results.map((e) =>
                h(
                  "li",
                  {},
                  `${dateTime(e.at)} · ${t(`health.sharing.actor.${e.actor_kind}` as MessageKey)}`,
                  e.actor_label ? [" · ", h("span", { "data-server-text": "who" }, e.actor_label)] : null,
                  " · ",
                  h("span", { "data-server-text": "purpose" }, e.purpose),
                ),
              ),
            )
          : h("p", { class: "muted", "data-testid": "access-log-empty" }, t("health.sharing.noAccess")),
      );
    } catch (e) {
      fill(log, errorBox(asApiError(e)));
    }
  };

  fill(root, back(), title, h("p", { class: "muted loading" }, t("loading")));
  call(api.GET("/api/v1/health/consent/")).then(
    (consent) => {
      if (disposed) return;
      draw(consent);
      void loadLog();
      void loadProfile();
    },
    (e) => !disposed && fill(root, back(), title, errorBox(asApiError(e))),
  );
  return () => {
    disposed = true;
  };
}
