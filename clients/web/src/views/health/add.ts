/** Add a reading by hand. The Idempotency-Key is made once per form, so a retry after a lost
 * answer never stores the reading twice; the server's translated message explains a refusal
 * (e.g. a value outside the plausible range). */
import "../../i18n/health";
import { api, call } from "../../api/client";
import { fill, h } from "../../dom";
import { t } from "../../i18n";
import { asApiError, errorBox } from "../../ui/errors";
import { newIdempotencyKey } from "../transit/tickets";
import { back, loginGate, measureCodes, type MeasureCode } from "./common";

function localNow(): string {
  const now = new Date();
  now.setMinutes(now.getMinutes() - now.getTimezoneOffset());
  return now.toISOString().slice(0, 16);
}

export function healthAddView(root: HTMLElement): () => void {
  let disposed = false;
  const title = h("h1", {}, t("health.add.title"));
  if (loginGate(root, title)) return () => undefined;
  const status = h("div", { role: "status", "aria-live": "polite", "data-testid": "add-status" });
  let key = newIdempotencyKey();

  const draw = (codes: MeasureCode[]): void => {
    const select = h(
      "select",
      { id: "add-code", name: "code", "data-testid": "add-code", onchange: () => describe() },
      codes.map((c) => h("option", { value: c.code }, c.label)),
    );
    const valueLabel = h("label", { for: "add-value" });
    const input = h("input", { id: "add-value", name: "value", type: "number", step: "any", inputmode: "decimal", required: true, "data-testid": "add-value" });
    const range = h("p", { class: "muted small", id: "add-range" });
    const when = h("input", {
      id: "add-when",
      name: "measured_at",
      type: "datetime-local",
      value: localNow(),
      required: true,
      style: "min-width:0;max-width:100%;box-sizing:border-box",
    });
    const describe = (): void => {
      const c = codes.find((x) => x.code === select.value) ?? codes[0];
      valueLabel.textContent = t("health.add.value", { unit: c.unit_label });
      range.textContent = t("health.add.range", { min: c.minimum, max: c.maximum, unit: c.unit_label });
      input.setAttribute("aria-describedby", "add-range");
    };
    describe();
    const form = h(
      "form",
      {
        class: "card",
        "data-testid": "add-form",
        onsubmit: async (event: Event) => {
          event.preventDefault();
          fill(status);
          try {
            await call(
              api.POST("/api/v1/health/measurements/", {
                params: { header: { "Idempotency-Key": key } },
                body: {
                  code: select.value as never,
                  value: Number(input.value),
                  measured_at: new Date(when.value).toISOString(),
                  source: "manual",
                },
              }),
            );
            key = newIdempotencyKey();
            input.value = "";
            fill(status, h("p", { class: "notice", "data-testid": "add-saved" }, t("health.add.saved")));
          } catch (e) {
            fill(status, errorBox(asApiError(e)));
          }
        },
      },
      h("label", { for: "add-code" }, t("health.add.kind")),
      select,
      valueLabel,
      input,
      range,
      h("label", { for: "add-when" }, t("health.add.when")),
      when,
      h("button", { type: "submit", class: "button", "data-testid": "add-save" }, t("health.add.save")),
    );
    fill(root, back(), title, form, status);
  };

  fill(root, back(), title, h("p", { class: "muted loading" }, t("loading")));
  measureCodes().then(
    (codes) => !disposed && draw(codes),
    (e) => !disposed && fill(root, back(), title, errorBox(asApiError(e))),
  );
  return () => {
    disposed = true;
  };
}
