/**
 * Public parking: every lot with its live free count, nearest first when the phone shares its
 * place. Each lot's count comes over /ws/parking/lots/<id>/ (a snapshot on connect, then
 * `lot.status` on every change), so the list moves while it is open.
 */
import { api, type ApiError, call, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { t } from "../../i18n";
import { openLiveSocket } from "../../socket";
import { asApiError, errorBox } from "../../ui/errors";

type Lot = Schemas["LotOutput"];
/** What `lot.status` carries: the changing fields of the REST answer (schema types). */
type LotStatus = Pick<Lot, "id" | "num_free" | "num_occupied" | "num_unknown" | "num_spaces">;
type LotEvent = { event: "lot.status"; data: LotStatus };

export function parkingView(root: HTMLElement): () => void {
  let disposed = false;
  let lots: Lot[] | null = null;
  let error: ApiError | null = null;
  const sockets: (() => void)[] = [];
  const rows = new Map<string, HTMLElement>();

  const freeText = (lot: Lot): string =>
    lot.num_spaces > 0 && lot.num_unknown < lot.num_spaces
      ? t("parking.free", { count: lot.num_free })
      : t("parking.noData");

  const item = (lot: Lot): HTMLElement => {
    const count = h("strong", { class: "count", "data-testid": "lot-free" }, freeText(lot));
    const row = h(
      "li",
      { class: "card", "data-testid": "lot", "data-lot-code": lot.code },
      h("h2", {}, h("span", { "data-server-text": "lot-name" }, lot.name)),
      h("p", { class: "counts big", "aria-live": "polite" }, count),
      h(
        "p",
        { class: "muted small" },
        t("parking.spaces", { count: lot.num_spaces || (lot.capacity ?? 0) }),
        lot.tariff?.free === true ? ` · ${t("parking.freeOfCharge")}` : "",
      ),
      lot.is_demo ? h("p", { class: "muted small" }, t("parking.demoNote")) : null,
    );
    rows.set(lot.id, count);
    return row;
  };

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
  };

  void (async () => {
    try {
      lots = await call(api.GET("/api/v1/parking/lots/"));
    } catch (e) {
      error = asApiError(e);
    }
    render();
    if (disposed || !lots) return;
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
  };
}
