/** From symptoms to a clinical department and clinics nearby — never a diagnosis (the notice
 * always shows). What the person types also goes to the keyword check, which may invite them to
 * the health-behaviour survey. Both are POSTs, so the text never sits in a URL. */
import "../../i18n/health";
import { api, call, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { distance } from "../../format";
import { t } from "../../i18n";
import { asApiError, errorBox } from "../../ui/errors";
import { back, HEALTH } from "./common";

type Answer = Schemas["SymptomGuideOutput"];

function answerBox(answer: Answer, prompt: Schemas["KeywordPromptOutput"] | null): HTMLElement {
  return h(
    "div",
    { "data-testid": "guide-answer" },
    h("p", { class: "notice", role: "note", "data-testid": "guide-notice", "data-server-text": "notice" }, answer.notice),
    answer.urgent ? h("p", { class: "error", role: "alert" }, t("health.guide.urgent")) : null,
    prompt?.matched
      ? h(
          "div",
          { class: "card", "data-testid": "keyword-prompt" },
          h("p", { "data-server-text": "prompt" }, prompt.message ?? ""),
          h("a", { class: "button secondary", href: `${HEALTH}/survey` }, t("health.prompt.take")),
        )
      : null,
    answer.departments.length
      ? [
          h(
            "section",
            { class: "card" },
            h("h2", {}, t("health.guide.departments")),
            h("ol", { "data-testid": "departments" }, answer.departments.map((d) => h("li", { "data-server-text": "department" }, d.name))),
          ),
          h(
            "section",
            { class: "card" },
            h("h2", {}, t("health.guide.hospitals")),
            h("p", { class: "muted small" }, t("health.guide.demo")),
            h(
              "ul",
              { class: "plain-list", "data-testid": "hospitals" },
              answer.hospitals.map((x) =>
                h("li", {}, h("strong", { "data-server-text": "hospital" }, x.name), " · ", distance(x.distance_m), " · ", h("a", { href: `tel:${x.phone}` }, x.phone)),
              ),
            ),
          ),
        ]
      : h("p", { class: "muted" }, t("health.guide.none")),
  );
}

export function healthGuideView(root: HTMLElement): () => void {
  let disposed = false;
  const title = h("h1", {}, t("health.guide.title"));
  const out = h("div", { role: "status", "aria-live": "polite" });
  const preset = new URLSearchParams(location.search).get("symptom");

  const draw = (symptoms: Schemas["SymptomOutput"][]): void => {
    const text = h("textarea", { id: "guide-text", name: "text", maxlength: 500, rows: 2, "data-testid": "guide-text" });
    const form = h(
      "form",
      {
        "data-testid": "guide-form",
        onsubmit: async (event: Event) => {
          event.preventDefault();
          const chosen = [...form.querySelectorAll<HTMLInputElement>("input[name=symptom]:checked")].map((i) => i.value);
          fill(out);
          try {
            const [answer, prompt] = await Promise.all([
              call(api.POST("/api/v1/health/guide/", { body: { symptoms: chosen, text: text.value } })),
              text.value.trim() ? call(api.POST("/api/v1/health/prompts/", { body: { text: text.value } })) : Promise.resolve(null),
            ]);
            if (!disposed) fill(out, answerBox(answer, prompt));
          } catch (e) {
            fill(out, errorBox(asApiError(e)));
          }
        },
      },
      h(
        "fieldset",
        { class: "card" },
        h("legend", {}, t("health.guide.symptoms")),
        symptoms.map((s) =>
          h("label", { class: "check" }, h("input", { type: "checkbox", name: "symptom", value: s.key, checked: s.key === preset, "data-testid": `symptom-${s.key}` }), h("span", { "data-server-text": "symptom" }, s.name)),
        ),
      ),
      h("label", { for: "guide-text" }, t("health.guide.text")),
      text,
      h("button", { type: "submit", class: "button", "data-testid": "guide-submit" }, t("health.guide.submit")),
    );
    fill(root, back(), title, h("p", { class: "muted" }, t("health.guide.intro")), form, out);
  };

  fill(root, back(), title, h("p", { class: "muted loading" }, t("loading")));
  call(api.GET("/api/v1/health/guide/symptoms/")).then(
    (symptoms) => !disposed && draw(symptoms),
    (e) => !disposed && fill(root, back(), title, errorBox(asApiError(e))),
  );
  return () => {
    disposed = true;
  };
}
