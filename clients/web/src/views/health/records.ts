/** Conditions, medicines (with reminder times) and allergies: encrypted on the server; a
 * reminder never names the medicine. */
import "../../i18n/health";
import { api, call, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { type MessageKey, t } from "../../i18n";
import { asApiError, errorBox } from "../../ui/errors";
import { back, loginGate } from "./common";

type Kind = "conditions" | "medications" | "allergies" | "immunisations" | "notes";
const KINDS: { kind: Kind; title: MessageKey }[] = [
  { kind: "conditions", title: "health.records.conditions" },
  { kind: "medications", title: "health.records.medications" },
  { kind: "allergies", title: "health.records.allergies" },
  { kind: "immunisations", title: "health.records.immunisations" },
  { kind: "notes", title: "health.records.notes" },
];

function today(): string {
  const now = new Date();
  now.setMinutes(now.getMinutes() - now.getTimezoneOffset());
  return now.toISOString().slice(0, 10);
}

interface Row {
  id: string;
  text: string;
}

async function load(kind: Kind): Promise<Row[]> {
  if (kind === "conditions") return (await call(api.GET("/api/v1/health/records/conditions/"))).map((r) => ({ id: r.id, text: r.name }));
  if (kind === "medications")
    return (await call(api.GET("/api/v1/health/records/medications/"))).map((r) => ({ id: r.id, text: [r.name, r.dosage, r.reminder_times.join(", ")].filter(Boolean).join(" · ") }));
  if (kind === "allergies") return (await call(api.GET("/api/v1/health/records/allergies/"))).map((r) => ({ id: r.id, text: r.substance }));
  if (kind === "immunisations")
    return (await call(api.GET("/api/v1/health/records/immunisations/"))).map((r) => ({ id: r.id, text: `${r.vaccine} · ${r.given_on}` }));
  return (await call(api.GET("/api/v1/health/records/notes/"))).map((r) => ({ id: r.id, text: r.text }));
}

async function add(kind: Kind, name: string, extra: string): Promise<void> {
  if (kind === "conditions") await call(api.POST("/api/v1/health/records/conditions/", { body: { name } }));
  else if (kind === "medications")
    await call(api.POST("/api/v1/health/records/medications/", { body: { name, reminder_times: extra ? [extra] : [] } }));
  else if (kind === "allergies") await call(api.POST("/api/v1/health/records/allergies/", { body: { substance: name } }));
  else if (kind === "immunisations")
    await call(api.POST("/api/v1/health/records/immunisations/", { body: { vaccine: name, given_on: extra || today() } }));
  else await call(api.POST("/api/v1/health/records/notes/", { body: { text: name } }));
}

async function remove(kind: Kind, id: string): Promise<void> {
  const params = { params: { path: { record_id: id } } };
  if (kind === "conditions") await call(api.DELETE("/api/v1/health/records/conditions/{record_id}/", params));
  else if (kind === "medications") await call(api.DELETE("/api/v1/health/records/medications/{record_id}/", params));
  else if (kind === "allergies") await call(api.DELETE("/api/v1/health/records/allergies/{record_id}/", params));
  else if (kind === "immunisations") await call(api.DELETE("/api/v1/health/records/immunisations/{record_id}/", params));
  else await call(api.DELETE("/api/v1/health/records/notes/{record_id}/", params));
}

function section(kind: Kind, titleKey: MessageKey): HTMLElement {
  const box = h("section", { class: "card", "data-testid": `records-${kind}`, "aria-labelledby": `records-${kind}-title` });
  const status = h("div", { role: "status", "aria-live": "polite" });
  const draw = async (): Promise<void> => {
    let rows: Row[];
    try {
      rows = await load(kind);
    } catch (e) {
      fill(box, h("h2", { id: `records-${kind}-title` }, t(titleKey)), errorBox(asApiError(e)));
      return;
    }
    const name = h("input", { id: `records-${kind}-name`, maxlength: 200, required: true });
    const reminder = h("input", { id: `records-${kind}-time`, type: "time" });
    const given = h("input", { id: `records-${kind}-date`, type: "date", value: today(), style: "min-width:0;max-width:100%;box-sizing:border-box" });
    fill(
      box,
      h("h2", { id: `records-${kind}-title` }, t(titleKey)),
      rows.length
        ? h(
            "ul",
            { class: "plain-list" },
            rows.map((row) =>
              h(
                "li",
                {},
                h("span", { "data-server-text": "record" }, row.text),
                " ",
                h("button", { type: "button", class: "link", onclick: async () => { await remove(kind, row.id).catch((e) => fill(status, errorBox(asApiError(e)))); await draw(); } }, t("health.records.delete")),
              ),
            ),
          )
        : h("p", { class: "muted" }, t("health.records.empty")),
      h(
        "form",
        {
          onsubmit: async (event: Event) => {
            event.preventDefault();
            fill(status);
            try {
              await add(kind, name.value, kind === "immunisations" ? given.value : reminder.value);
              await draw();
            } catch (e) {
              fill(status, errorBox(asApiError(e)));
            }
          },
        },
        h("label", { for: `records-${kind}-name` }, t(kind === "notes" ? "health.records.noteText" : "health.records.name")),
        name,
        kind === "medications"
          ? [h("label", { for: `records-${kind}-time` }, t("health.records.reminder")), reminder, h("p", { class: "muted small" }, t("health.records.reminderHint"))]
          : null,
        kind === "immunisations" ? [h("label", { for: `records-${kind}-date` }, t("health.records.givenOn")), given] : null,
        h("button", { type: "submit", class: "button secondary" }, t("health.records.add")),
      ),
      status,
    );
  };
  void draw();
  return box;
}

type DocumentBody = Schemas["HealthDocumentCreateInputRequest"];

/** PDF or image documents: checked by their bytes on the server, kept privately, opened only
 * through a short-lived link. */
function documents(): HTMLElement {
  const box = h("section", { class: "card", "data-testid": "records-documents", "aria-labelledby": "records-documents-title" });
  const status = h("div", { role: "status", "aria-live": "polite" });
  const draw = async (): Promise<void> => {
    const heading = h("h2", { id: "records-documents-title" }, t("health.documents"));
    let rows;
    try {
      rows = await call(api.GET("/api/v1/health/documents/"));
    } catch (e) {
      fill(box, heading, errorBox(asApiError(e)));
      return;
    }
    const title = h("input", { id: "document-title", maxlength: 200, required: true });
    const file = h("input", { id: "document-file", type: "file", accept: "application/pdf,image/jpeg,image/png,image/webp", required: true, "data-testid": "document-file" });
    fill(
      box,
      heading,
      rows.length
        ? h(
            "ul",
            { class: "plain-list" },
            rows.map((row) =>
              h(
                "li",
                {},
                row.url ? h("a", { href: row.url, target: "_blank", rel: "noopener", "data-server-text": "record" }, row.title) : h("span", { "data-server-text": "record" }, row.title),
                " ",
                h("button", { type: "button", class: "link", onclick: async () => { await call(api.DELETE("/api/v1/health/documents/{document_id}/", { params: { path: { document_id: row.id } } })).catch((e) => fill(status, errorBox(asApiError(e)))); await draw(); } }, t("health.records.delete")),
              ),
            ),
          )
        : h("p", { class: "muted" }, t("health.records.empty")),
      h(
        "form",
        {
          onsubmit: async (event: Event) => {
            event.preventDefault();
            const chosen = file.files?.[0];
            if (!chosen) return;
            const form = new FormData();
            form.append("title", title.value);
            form.append("file", chosen);
            fill(status);
            try {
              // multipart: openapi-fetch sends FormData as it is and the browser sets the boundary
              await call(api.POST("/api/v1/health/documents/", { body: form as unknown as DocumentBody }));
              await draw();
            } catch (e) {
              fill(status, errorBox(asApiError(e)));
            }
          },
        },
        h("label", { for: "document-title" }, t("health.documents.title")),
        title,
        h("label", { for: "document-file" }, t("health.documents.file")),
        file,
        h("button", { type: "submit", class: "button secondary", "data-testid": "document-upload" }, t("health.documents.upload")),
      ),
      status,
    );
  };
  void draw();
  return box;
}

export function healthRecordsView(root: HTMLElement): void {
  const title = h("h1", {}, t("health.records.title"));
  if (loginGate(root, title)) return;
  fill(root, back(), title, KINDS.map((k) => section(k.kind, k.title)), documents());
}
