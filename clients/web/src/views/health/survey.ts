/** The health-behaviour survey: the questionnaire comes from the server (data, in the screen's
 * language); the answers go back once, and the result shows the score, the band and advice. */
import "../../i18n/health";
import { api, call, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { t } from "../../i18n";
import { asApiError, errorBox } from "../../ui/errors";
import { back, HEALTH, loginGate } from "./common";

type Survey = Schemas["SurveyOutput"];
type Result = Schemas["SurveyResultOutput"];

function result(body: Result, slug: string): HTMLElement {
  return h(
    "section",
    { class: "card", "data-testid": "survey-result", "aria-labelledby": "survey-result-title" },
    h("h2", { id: "survey-result-title" }, t("health.survey.result", { label: body.band_label })),
    h("p", {}, t("health.survey.score", { score: body.score, max: body.max_score })),
    h("p", { "data-server-text": "advice" }, body.advice),
    body.area_advice.length
      ? h("ul", {}, body.area_advice.map((line) => h("li", { "data-server-text": "advice" }, line)))
      : null,
    slug === "health_behaviour" && body.band !== "good"
      ? h("p", {}, h("a", { href: `${HEALTH}/sharing`, class: "link" }, t("health.survey.raise")))
      : null,
  );
}

export function healthSurveyView(root: HTMLElement, slug = "health_behaviour"): () => void {
  let disposed = false;
  const title = h("h1", {}, t("health.survey.title"));
  if (loginGate(root, title)) return () => undefined;
  const status = h("div", { role: "status", "aria-live": "polite" });

  const draw = (survey: Survey): void => {
    const form = h(
      "form",
      {
        "data-testid": "survey-form",
        onsubmit: async (event: Event) => {
          event.preventDefault();
          const answers: Record<string, string> = {};
          for (const q of survey.questions) {
            const chosen = form.querySelector<HTMLInputElement>(`input[name="${q.key}"]:checked`);
            if (chosen) answers[q.key] = chosen.value;
          }
          fill(status);
          try {
            const body = await call(
              api.POST("/api/v1/health/surveys/{slug}/responses/", {
                params: { path: { slug } },
                body: { answers },
              }),
            );
            fill(status, result(body, slug));
            status.scrollIntoView?.({ block: "start" });
          } catch (e) {
            fill(status, errorBox(asApiError(e)));
          }
        },
      },
      survey.questions.map((q) =>
        h(
          "fieldset",
          { class: "card", "data-testid": `question-${q.key}` },
          h("legend", { "data-server-text": "question" }, q.text),
          q.options.map((o) =>
            h(
              "label",
              { class: "radio" },
              h("input", { type: "radio", name: q.key, value: o.value, required: true }),
              h("span", { "data-server-text": "option" }, o.label),
            ),
          ),
        ),
      ),
      h("button", { type: "submit", class: "button", "data-testid": "survey-submit" }, t("health.survey.submit")),
    );
    fill(root, back(), h("h1", {}, h("span", { "data-server-text": "survey" }, survey.title)), h("p", { class: "muted", "data-server-text": "survey" }, survey.intro), form, status);
  };

  fill(root, back(), title, h("p", { class: "muted loading" }, t("loading")));
  call(api.GET("/api/v1/health/surveys/{slug}/", { params: { path: { slug } } })).then(
    (survey) => !disposed && draw(survey),
    (e) => !disposed && fill(root, back(), title, errorBox(asApiError(e))),
  );
  return () => {
    disposed = true;
  };
}
