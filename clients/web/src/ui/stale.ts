/** "Offline — saved at 24 Nov, 08:04": shown over an answer kept on this device (store.ts). */
import { h } from "../dom";
import { dateTime } from "../format";
import { t } from "../i18n";

export function staleNote(savedAt: number): HTMLElement {
  return h(
    "p",
    { class: "stale-note", role: "status", "data-testid": "stale" },
    t("offline.keptCopy", { time: dateTime(new Date(savedAt).toISOString()) }),
  );
}
