/**
 * A file or photo picker in the screen's language. The browser's own `<input type=file>` writes
 * "Choose File / No file chosen" in the browser's language whatever the app's is; here the input
 * is visually hidden (still focusable and announced), a button-styled label opens it, and the
 * chosen file's name is shown in our words.
 *
 *   filePicker({ id: "return-photo", label: t("bikes.photo"), accept: "image/*", capture: "environment",
 *                testid: "return-photo", onChange: (file) => … })
 */
import { h } from "../dom";
import { t } from "../i18n";

export interface FilePickerOptions {
  id: string;
  /** what the file is for (the field's label) */
  label: string;
  accept?: string;
  /** "environment" opens the rear camera on phones */
  capture?: "environment" | "user";
  /** data-testid of the input itself (tests call setInputFiles on it) */
  testid?: string;
  onChange: (file: File | null) => void;
}

export function filePicker(options: FilePickerOptions): HTMLElement {
  const status = h("span", { class: "muted small file-status", id: `${options.id}-status`, "aria-live": "polite" }, t("file.none"));
  const input = h("input", {
    id: options.id,
    type: "file",
    class: "visually-hidden file-input",
    accept: options.accept ?? "",
    "aria-describedby": `${options.id}-status`,
    "data-testid": options.testid ?? options.id,
    onchange: () => {
      const file = input.files?.[0] ?? null;
      status.textContent = file ? t("file.chosen", { name: file.name }) : t("file.none");
      options.onChange(file);
    },
  }) as HTMLInputElement;
  if (options.capture) input.setAttribute("capture", options.capture);
  return h(
    "div",
    { class: "file-picker" },
    h("span", { class: "file-label" }, options.label),
    input,
    h("label", { for: options.id, class: "button secondary file-button" }, t("file.choose")),
    status,
  );
}
