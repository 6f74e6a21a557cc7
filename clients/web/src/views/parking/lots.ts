/**
 * Public parking: a map of every lot with its live free count, and the same lots as a list (the
 * map is decoration for people who can see it; the list carries everything). Each lot's count
 * comes over /ws/parking/lots/<id>/ (a snapshot on connect, then `lot.status` on every change), so
 * the map and the list move while the screen is open. A lot's forecast (15/30/60 min) loads when
 * its "expected free" disclosure is opened.
 */
import "../../i18n/parking";
import type * as Leaflet from "leaflet";

import { api, type ApiError, call, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { t } from "../../i18n";
import { session } from "../../session";
import { openLiveSocket } from "../../socket";
import { asApiError, errorBox } from "../../ui/errors";
import { countMarker, createMap, GIMHAE, mapBox, setCount } from "../../ui/map";

type Lot = Schemas["LotOutput"];
/** What `lot.status` carries: the changing fields of the REST answer (schema types). */
type LotStatus = Pick<Lot, "id" | "num_free" | "num_occupied" | "num_unknown" | "num_spaces">;
type LotEvent = { event: "lot.status"; data: LotStatus };

const hasData = (lot: Lot): boolean => lot.num_spaces > 0 && lot.num_unknown < lot.num_spaces;

function markerColour(lot: Lot): string {
  if (!hasData(lot)) return "#6b7280";
  const share = lot.num_free / Math.max(1, lot.num_spaces);
  return share === 0 ? "#b91c1c" : share < 0.2 ? "#b45309" : "#15803d";
}

export function parkingView(root: HTMLElement): () => void {
  let disposed = false;
  let lots: Lot[] | null = null;
  let error: ApiError | null = null;
  const sockets: (() => void)[] = [];
  const rows = new Map<string, HTMLElement>();
  const markers = new Map<string, Leaflet.Marker>();
  let map: Leaflet.Map | null = null;
  const box = mapBox({ testid: "parking-map", class: "bike-map parking-map" });

  const freeText = (lot: Lot): string =>
    hasData(lot) ? t("parking.free", { count: lot.num_free }) : t("parking.noData");

  const forecastBox = (lot: Lot): HTMLElement => {
    const body = h("p", { class: "small", "data-testid": "lot-forecast" });
    let loaded = false;
    const details = h(
      "details",
      {
        class: "forecast",
        ontoggle: () => {
          if (loaded || !details.open) return;
          loaded = true;
          fill(body, h("span", { class: "muted" }, t("loading")));
          call(api.GET("/api/v1/parking/lots/{lot_id}/", { params: { path: { lot_id: lot.id } } }))
            .then((detail) => {
              const at = new Map(detail.forecast.map((p) => [p.minutes, p.num_free]));
              fill(
                body,
                detail.forecast.length
                  ? t("parking.forecast", {
                      in15: String(at.get(15) ?? "–"),
                      in30: String(at.get(30) ?? "–"),
                      in60: String(at.get(60) ?? "–"),
                    })
                  : t("parking.noData"),
              );
            })
            .catch((e) => {
              loaded = false;
              fill(body, errorBox(asApiError(e)) ?? "");
            });
        },
      },
      h("summary", {}, t("parking.forecastLabel")),
      body,
    ) as HTMLDetailsElement;
    return details;
  };

  const item = (lot: Lot): HTMLElement => {
    const count = h("strong", { class: "count", "data-testid": "lot-free" }, freeText(lot));
    const row = h(
      "li",
      { class: "card", "data-testid": "lot", "data-lot-code": lot.code, "data-lot-id": lot.id },
      h("h3", {}, h("span", { "data-server-text": "lot-name" }, lot.name)),
      h("p", { class: "counts big", "aria-live": "polite" }, count),
      h(
        "p",
        { class: "muted small" },
        t("parking.spaces", { count: lot.num_spaces || (lot.capacity ?? 0) }),
        lot.tariff?.free === true ? ` · ${t("parking.freeOfCharge")}` : "",
      ),
      lot.num_spaces ? forecastBox(lot) : null,
      lot.is_demo ? h("p", { class: "muted small" }, t("parking.demoNote")) : null,
    );
    rows.set(lot.id, count);
    return row;
  };

  const links = (): HTMLElement =>
    h(
      "p",
      { class: "row gap wrap" },
      h("a", { class: "button", href: "/services/parking/share", "data-testid": "share-link" }, t("parking.shareLink")),
      h(
        "a",
        { class: "button secondary", href: "/services/parking/bookings", "data-testid": "bookings-link" },
        t("parking.bookingsLink"),
      ),
      session.user?.roles.includes("parking_host")
        ? h("a", { class: "button secondary", href: "/services/parking/host", "data-testid": "host-link" }, t("parking.hostLink"))
        : null,
    );

  const render = (): void => {
    if (disposed) return;
    const title = h("h1", {}, t("parking.title"));
    if (error) {
      fill(root, title, errorBox(error) ?? "");
      return;
    }
    if (!lots) {
      fill(root, title, h("p", { class: "muted loading" }, t("loading")));
      return;
    }
    rows.clear();
    fill(
      root,
      title,
      h("p", { class: "muted" }, t("parking.intro")),
      links(),
      h("h2", { class: "visually-hidden" }, t("parking.mapTitle")),
      box,
      h("h2", {}, t("parking.listTitle")),
      lots.length
        ? h("ul", { class: "plain-list", "data-testid": "lots" }, lots.map(item))
        : h("p", { class: "muted" }, t("parking.none")),
    );
  };

  const update = (status: LotStatus): void => {
    const lot = lots?.find((l) => l.id === status.id);
    if (!lot) return;
    Object.assign(lot, status);
    const count = rows.get(lot.id);
    if (count) count.textContent = freeText(lot);
    const marker = markers.get(lot.id);
    if (marker) setCount(marker, hasData(lot) ? String(lot.num_free) : "–", markerColour(lot));
  };

  const drawMap = async (): Promise<void> => {
    const made = await createMap(box, { isDisposed: () => disposed });
    if (!made || !lots) return;
    const { L } = made;
    map = made.map;
    const extent = lots.map((lot) => [lot.lat, lot.lon] as [number, number]);
    if (extent.length) map.fitBounds(L.latLngBounds(extent), { padding: [24, 24], maxZoom: 15, animate: false });
    else map.setView(GIMHAE, 13);
    for (const lot of lots) {
      const marker = countMarker(L, [lot.lat, lot.lon], hasData(lot) ? String(lot.num_free) : "–", markerColour(lot), 26)
        .bindPopup(() => `${lot.name}: ${freeText(lot)}`)
        .addTo(map);
      markers.set(lot.id, marker);
    }
  };

  void (async () => {
    try {
      lots = await call(api.GET("/api/v1/parking/lots/"));
    } catch (e) {
      error = asApiError(e);
    }
    render();
    if (disposed || !lots) return;
    // a home-search hit opens here with ?lot=<id>: bring that lot into view
    const wanted = new URLSearchParams(location.search).get("lot");
    const card = wanted ? root.querySelector<HTMLElement>(`[data-lot-id="${CSS.escape(wanted)}"]`) : null;
    card?.scrollIntoView({ block: "center" });
    card?.querySelector("details")?.setAttribute("open", "");
    void drawMap();
    for (const lot of lots) {
      sockets.push(
        openLiveSocket<LotEvent>(`/ws/parking/lots/${lot.id}/`, {
          onEvent: (message) => {
            if (message.event === "lot.status") update(message.data);
          },
          stopOnClose: [4404],
        }),
      );
    }
  })();
  render();

  return () => {
    disposed = true;
    sockets.forEach((close) => close());
    map?.remove();
  };
}
