/** "‹ Trip planner": the link at the top of a screen back to where it belongs. */
import { h } from "../dom";

export function backLink(href: string, label: string): HTMLElement {
  return h("a", { class: "back", href }, h("span", { "aria-hidden": "true" }, "‹ "), label);
}
