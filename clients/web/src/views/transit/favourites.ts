/**
 * Favourite stops: the star on a stop page (with "notify me N minutes before a bus arrives") and
 * the list of favourites, each with its next departures.
 */
import { api, call, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { t } from "../../i18n";
import { loginHref } from "../../router";
import { session } from "../../session";
import { modeChip, routePath, stopPath, TRIP, type Departure } from "./common";
import { asApiError, errorBox } from "../../ui/errors";
import { backLink } from "../../ui/backLink";
import { clockTime, minutesUntil } from "../../format";

export type Favourite = Schemas["FavouriteOutput"];

const NOTIFY_CHOICES = [0, 1, 3, 5, 10];
const DEFAULT_NOTIFY = 3;

export async function fetchFavourites(): Promise<Favourite[]> {
  return call(api.GET("/api/v1/transit/favourites/"));
}

async function saveFavourite(stopId: string, notifyMinutes: number): Promise<Favourite> {
  return call(
    api.POST("/api/v1/transit/favourites/", {
      body: { stop_id: stopId, notify_minutes: notifyMinutes },
    }),
  );
}

async function removeFavourite(stopId: string): Promise<void> {
  await call(
    api.DELETE("/api/v1/transit/favourites/{stop_id}/", { params: { path: { stop_id: stopId } } }),
  );
}

function notifySelect(value: number, onChange: (minutes: number) => void): HTMLSelectElement {
  const choices = NOTIFY_CHOICES.includes(value) ? NOTIFY_CHOICES : [...NOTIFY_CHOICES, value].sort((a, b) => a - b);
  const select = h(
    "select",
    {
      class: "notify-select",
      "data-testid": "notify-minutes",
      "aria-label": t("fav.notify"),
      onchange: () => onChange(Number(select.value)),
    },
    choices.map((m) =>
      h(
        "option",
        { value: m, selected: m === value },
        m === 0 ? t("fav.notifyOff") : t("fav.notifyBefore", { count: m }),
      ),
    ),
  );
  return select;
}

/** The star on a stop page: a toggle when logged in, else a link to log in and come back. */
export function favouriteControl(stopId: string): HTMLElement {
  const box = h("div", { class: "favourite", "data-testid": "favourite" });
  if (!session.user) {
    fill(
      box,
      h(
        "a",
        { class: "chip", href: loginHref(location.pathname + location.search), "data-testid": "favourite-login" },
        `☆ ${t("fav.loginToSave")}`,
      ),
    );
    return box;
  }
  let current: Favourite | null = null;
  let busy = false;
  const message = h("p", { class: "small", role: "status" });

  function render(): void {
    const on = current !== null;
    fill(
      box,
      h(
        "button",
        {
          type: "button",
          class: `chip star ${on ? "on" : ""}`,
          "aria-pressed": String(on),
          disabled: busy,
          "data-testid": "favourite-toggle",
          onclick: () => void toggle(),
        },
        on ? `★ ${t("fav.saved")}` : `☆ ${t("fav.save")}`,
      ),
      on ? notifySelect(current!.notify_minutes ?? DEFAULT_NOTIFY, (m) => void change(m)) : null,
      message,
    );
  }

  async function run(action: () => Promise<void>, done: string): Promise<void> {
    if (busy) return;
    busy = true;
    message.textContent = "";
    render();
    try {
      await action();
      message.textContent = done;
    } catch (e) {
      message.textContent = asApiError(e).message;
      message.className = "small error-text";
    } finally {
      busy = false;
      render();
    }
  }

  const toggle = () =>
    current
      ? run(async () => {
          await removeFavourite(stopId);
          current = null;
        }, t("fav.removed"))
      : run(async () => {
          current = await saveFavourite(stopId, DEFAULT_NOTIFY);
        }, t("fav.added"));

  const change = (minutes: number) =>
    run(
      async () => {
        current = await saveFavourite(stopId, minutes);
      },
      minutes ? t("fav.notifySet", { count: minutes }) : t("fav.notifyNone"),
    );

  busy = true;
  render();
  fetchFavourites()
    .then((list) => {
      current = list.find((f) => f.stop_id === stopId) ?? null;
    })
    .catch(() => undefined)
    .finally(() => {
      busy = false;
      render();
    });
  return box;
}

function departureLine(stopId: string, d: Departure): HTMLElement {
  const best = d.predicted ?? d.scheduled;
  return h(
    "li",
    {},
    h(
      "a",
      { class: "departure compact", href: routePath(d.route.id, stopId, d.stop_id), "data-testid": "fav-departure" },
      modeChip({ mode: d.mode, route: d.route }),
      h("span", { class: "departure-main" }, d.headsign ? t("trip.towards", { headsign: d.headsign }) : d.route.long_name),
      h(
        "span",
        { class: `departure-until ${d.predicted ? "live" : ""}` },
        minutesUntil(best) ?? clockTime(best),
      ),
    ),
  );
}

/** My favourite stops with their next departures. */
export function favouritesView(root: HTMLElement): () => void {
  let disposed = false;
  const back = backLink(TRIP, t("trip.title"));
  const title = h("h1", { class: "section-title" }, t("fav.title"));
  if (!session.user) {
    fill(
      root,
      back,
      title,
      h(
        "section",
        { class: "card login-needed", "data-testid": "login-needed" },
        h("p", {}, t("fav.loginNeeded")),
        h("a", { class: "button", href: loginHref() }, t("header.login")),
      ),
    );
    return () => undefined;
  }

  async function departuresOf(stopId: string, box: HTMLElement): Promise<void> {
    try {
      const stop = await call(
        api.GET("/api/v1/transit/stops/{stop_id}/", { params: { path: { stop_id: stopId }, query: { limit: 3 } } }),
      );
      if (disposed) return;
      fill(
        box,
        stop.departures.length
          ? stop.departures.map((d) => departureLine(stopId, d))
          : h("li", { class: "muted small" }, t("trip.noDepartures")),
      );
    } catch {
      if (!disposed) fill(box, h("li", { class: "muted small" }, t("fav.noDepartures")));
    }
  }

  function item(f: Favourite): HTMLElement {
    const departures = h("ol", { class: "departures", "data-testid": "fav-departures" }, h("li", { class: "muted small" }, t("loading")));
    const message = h("p", { class: "small", role: "status" });
    const li = h(
      "li",
      { class: "card fav-item", "data-testid": "fav-item", "data-stop": f.stop_id },
      h(
        "div",
        { class: "section-head" },
        h("a", { href: stopPath(f.stop_id), "data-testid": "fav-name" }, h("strong", {}, f.stop?.name || f.stop_id)),
        h(
          "button",
          {
            type: "button",
            class: "link",
            "data-testid": "fav-remove",
            onclick: async () => {
              try {
                await removeFavourite(f.stop_id);
                li.remove();
                if (!list.children.length) fill(list, h("li", { class: "empty", "data-testid": "no-favourites" }, t("fav.none")));
              } catch (e) {
                message.textContent = asApiError(e).message;
              }
            },
          },
          t("fav.remove"),
        ),
      ),
      h(
        "label",
        { class: "small" },
        `${t("fav.notify")} `,
        notifySelect(f.notify_minutes ?? DEFAULT_NOTIFY, async (m) => {
          try {
            await saveFavourite(f.stop_id, m);
            message.textContent = m ? t("fav.notifySet", { count: m }) : t("fav.notifyNone");
          } catch (e) {
            message.textContent = asApiError(e).message;
          }
        }),
      ),
      message,
      f.stop ? departures : h("p", { class: "muted small" }, t("fav.stopGone")),
    );
    if (f.stop) void departuresOf(f.stop_id, departures);
    return li;
  }

  const list = h("ul", { class: "fav-list", "data-testid": "favourites" });
  fill(root, back, title, h("p", { class: "muted loading" }, t("loading")));
  fetchFavourites()
    .then((favourites) => {
      if (disposed) return;
      fill(list, favourites.length ? favourites.map(item) : h("li", { class: "empty", "data-testid": "no-favourites" }, t("fav.none")));
      fill(root, back, title, list);
    })
    .catch((e) => {
      if (!disposed) fill(root, back, title, errorBox(asApiError(e)));
    });
  return () => {
    disposed = true;
  };
}
