/**
 * Role screens: the courier's parcel intake (hub, type, size, weight, the recipient's number → a
 * free locker assigned by the server, the recipient told), and the hub desk (parcels with the
 * number masked and never the address).
 */
import "../../i18n/logistics";
import { api, type ApiError, call, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { type MessageKey, t } from "../../i18n";
import { session } from "../../session";
import { backLink } from "../../ui/backLink";
import { asApiError, errorBox } from "../../ui/errors";
import { loginCard } from "../../ui/loginCard";
import { newIdempotencyKey } from "../transit/tickets";
import { modeLabel, PARCELS } from "./parcels";

type Hub = Schemas["ParcelHubOutput"];
type Intake = Schemas["ParcelIntakeInputRequest"];
type Stored = Schemas["ParcelIntakeOutput"];

const KINDS: Intake["kind"][] = ["general", "fresh", "frozen", "fragile", "documents"];
const SIZES: Intake["size"][] = ["s", "m", "l"];

function select(id: string, options: { value: string; label: string }[], value: string, onChange: (v: string) => void): HTMLSelectElement {
  return h(
    "select",
    { id, name: id, onchange: (e: Event) => onChange((e.target as HTMLSelectElement).value) },
    options.map((o) => h("option", { value: o.value, selected: o.value === value }, o.label)),
  );
}

export function courierView(root: HTMLElement): () => void {
  if (!session.user) {
    fill(root, loginCard(t("parcels.loginNeeded")));
    return () => undefined;
  }
  if (!session.user.roles.includes("courier")) {
    fill(root, backLink(PARCELS, t("parcels.back")), h("h1", {}, t("courier.title")), h("p", { class: "error", role: "alert" }, t("courier.roleNeeded")));
    return () => undefined;
  }
  let disposed = false;
  let hubs: Hub[] = [];
  const form = { hub: "", kind: "general" as Intake["kind"], size: "s" as Intake["size"], weight: "1000", phone: "" };
  let error: ApiError | null = null;
  let stored: Stored | null = null;
  let busy = false;
  // one key per parcel: a retry after a lost answer gets the same locker, never a second one
  let intakeKey = newIdempotencyKey();

  const render = (): void => {
    if (disposed) return;
    const phone = h("input", { id: "phone", name: "phone", type: "tel", inputmode: "tel", autocomplete: "off", value: form.phone, required: true, oninput: (e: Event) => (form.phone = (e.target as HTMLInputElement).value) });
    const weight = h("input", { id: "weight", name: "weight", type: "number", min: 1, max: 100000, value: form.weight, oninput: (e: Event) => (form.weight = (e.target as HTMLInputElement).value) });
    fill(
      root,
      backLink(PARCELS, t("parcels.back")),
      h("h1", {}, t("courier.title")),
      h(
        "form",
        { "data-testid": "intake-form", onsubmit: (e: Event) => { e.preventDefault(); void submit(); } },
        h("label", { for: "hub" }, t("courier.hub")),
        select("hub", hubs.map((hub) => ({ value: hub.id, label: t("courier.freeLockers", { name: hub.name, count: hub.free_lockers }) })), form.hub, (v) => (form.hub = v)),
        h("label", { for: "kind" }, t("courier.kind")),
        select("kind", KINDS.map((k) => ({ value: k, label: t(`courier.kind.${k}` as MessageKey) })), form.kind, (v) => (form.kind = v as Intake["kind"])),
        h("label", { for: "size" }, t("courier.size")),
        select("size", SIZES.map((s) => ({ value: s, label: t(`courier.size.${s}` as MessageKey) })), form.size, (v) => (form.size = v as Intake["size"])),
        h("label", { for: "weight" }, t("courier.weight")),
        weight,
        h("label", { for: "phone" }, t("courier.phone")),
        phone,
        h("button", { class: "button", type: "submit", disabled: busy, "data-testid": "intake" }, t("courier.submit")),
      ),
      errorBox(error),
      stored
        ? h(
            "section",
            { class: "card", role: "status", "data-testid": "stored" },
            h("p", { class: "big" }, h("strong", { "data-testid": "locker-code" }, t("courier.done", { locker: stored.locker_code }))),
            h("p", { class: "muted small" }, t("courier.doneDetail", { code: stored.tracking_code, phone: stored.recipient_phone })),
          )
        : null,
    );
  };

  const submit = async (): Promise<void> => {
    busy = true;
    error = null;
    render();
    try {
      stored = await call(
        api.POST("/api/v1/logistics/courier/parcels/", {
          params: { header: { "Idempotency-Key": intakeKey } },
          body: { hub: form.hub, kind: form.kind, size: form.size, weight_g: Number(form.weight) || 1000, recipient_phone: form.phone },
        }),
      );
      form.phone = "";
      intakeKey = newIdempotencyKey();
      hubs = await call(api.GET("/api/v1/logistics/courier/hubs/"));
    } catch (e) {
      stored = null;
      error = asApiError(e);
    }
    busy = false;
    render();
  };

  void (async () => {
    try {
      hubs = await call(api.GET("/api/v1/logistics/courier/hubs/"));
      form.hub = hubs[0]?.id ?? "";
    } catch (e) {
      error = asApiError(e);
    }
    render();
  })();
  render();
  return () => {
    disposed = true;
  };
}

export function staffView(root: HTMLElement): () => void {
  if (!session.user) {
    fill(root, loginCard(t("parcels.loginNeeded")));
    return () => undefined;
  }
  let disposed = false;
  let error: ApiError | null = null;

  const load = async (missionId: string): Promise<void> => {
    try {
      await call(api.POST("/api/v1/logistics/staff/missions/{mission_id}/load/", { params: { path: { mission_id: missionId } } }));
      error = null;
    } catch (e) {
      error = asApiError(e);
    }
    await draw();
  };

  const lockerState = (l: Schemas["StaffLockerOutput"]): string =>
    l.status === "occupied" ? t("staff.occupied", { code: l.tracking_code ?? "" }) : l.status === "free" ? t("staff.free") : t("staff.outOfService");

  const draw = async (): Promise<void> => {
    let body: (HTMLElement | null)[];
    try {
      const [parcels, lockers] = await Promise.all([
        call(api.GET("/api/v1/logistics/staff/parcels/")),
        call(api.GET("/api/v1/logistics/staff/lockers/")),
      ]);
      body = [
        h("h2", {}, t("staff.parcels")),
        parcels.length
          ? h(
              "ul",
              { class: "plain-list", "data-testid": "staff-parcels" },
              parcels.map((p) =>
                h(
                  "li",
                  { class: "card", "data-testid": "staff-parcel" },
                  h("strong", {}, p.tracking_code),
                  h("p", {}, t("staff.row", { locker: p.locker_code ?? "—", phone: p.recipient_phone, mode: modeLabel(p.mode) })),
                  p.mission ? h("p", { class: "muted small" }, t("staff.mission", { machine: p.mission.machine, status: t(`mission.status.${p.mission.status ?? "planned"}` as MessageKey) })) : null,
                  p.mission && p.mission.status === "planned"
                    ? h("button", { class: "button", type: "button", "data-testid": "load", onclick: () => void load(p.mission!.id) }, t("staff.load", { machine: p.mission.machine }))
                    : null,
                ),
              ),
            )
          : h("p", { class: "muted" }, t("staff.none")),
        h("h2", {}, t("staff.lockers")),
        h(
          "ul",
          { class: "plain-list", "data-testid": "staff-lockers" },
          lockers.map((l) =>
            h("li", { class: "muted small" }, `${l.hub} `, t("staff.lockerRow", { code: l.code, size: t(`courier.size.${l.size}` as MessageKey), temperature: t(`staff.temp.${l.temperature ?? "ambient"}` as MessageKey) }), " — ", lockerState(l)),
          ),
        ),
      ];
    } catch (e) {
      const failure = asApiError(e);
      body = [failure.status === 403 ? h("p", { class: "error", role: "alert" }, t("staff.roleNeeded")) : errorBox(failure)];
    }
    if (!disposed) fill(root, backLink(PARCELS, t("parcels.back")), h("h1", {}, t("staff.title")), h("p", { class: "muted" }, t("staff.noAddress")), errorBox(error), body);
  };

  fill(root, h("h1", {}, t("staff.title")), h("p", { class: "muted loading" }, t("loading")));
  void draw();
  return () => {
    disposed = true;
  };
}
