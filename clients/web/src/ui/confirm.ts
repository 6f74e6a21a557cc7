/**
 * "Are you sure?" as a real dialog (<dialog>, focus kept inside, Escape cancels): used before
 * anything that charges or refunds money, with the amount and what it covers in the body.
 * Resolves true only when the person presses the confirm button.
 */
import { h } from "../dom";
import { t } from "../i18n";

export interface ConfirmOptions {
  title: string;
  body: (Node | string | null)[];
  confirm: string;
  cancel?: string;
  /** "danger" for refunds and cancellations, the primary colour otherwise */
  tone?: "primary" | "danger";
}

export function confirmDialog(options: ConfirmOptions): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = h("dialog", {
      class: "confirm",
      "aria-labelledby": "confirm-title",
      "data-testid": "confirm-dialog",
    });
    let answered = false;
    const answer = (yes: boolean) => {
      if (answered) return;
      answered = true;
      dialog.close();
      dialog.remove();
      resolve(yes);
    };
    dialog.append(
      h("h2", { id: "confirm-title" }, options.title),
      h("div", { class: "confirm-body" }, ...options.body),
      h(
        "div",
        { class: "row gap confirm-actions" },
        h(
          "button",
          { type: "button", class: "button secondary", "data-testid": "confirm-cancel", onclick: () => answer(false) },
          options.cancel ?? t("confirm.cancel"),
        ),
        h(
          "button",
          {
            type: "button",
            class: `button ${options.tone === "danger" ? "danger" : ""}`,
            "data-testid": "confirm-ok",
            onclick: () => answer(true),
          },
          options.confirm,
        ),
      ),
    );
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      answer(false);
    });
    document.body.append(dialog);
    if (typeof dialog.showModal === "function") dialog.showModal();
    else dialog.setAttribute("open", "");
    dialog.querySelector<HTMLButtonElement>("[data-testid=confirm-cancel]")?.focus();
  });
}
