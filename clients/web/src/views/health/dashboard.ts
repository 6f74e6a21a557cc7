/**
 * The Health Handbook's home: latest readings, a trend chart per measurement, programmes with
 * their before/after, and the way to every other health screen. Nothing here is kept on the
 * device: offline, the screen says so (errorBox) and loads again when the network is back.
 */
import "../../i18n/health";
import { api, type ApiError, call, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { dateTime } from "../../format";
import { t } from "../../i18n";
import { asApiError, errorBox } from "../../ui/errors";
import { HEALTH, loginGate, measureCodes, type MeasureCode, menuLink, trendChart, value } from "./common";

type Measurement = Schemas["MeasurementOutput"];
type Participation = Schemas["ParticipationOutput"];
const DAYS = 90;

function latestPerCode(rows: Measurement[]): Measurement[] {
  const seen = new Set<string>();
  return rows.filter((row) => !seen.has(row.code) && seen.add(row.code) !== undefined);
}

async function downloadBundle(status: HTMLElement): Promise<void> {
  try {
    const bundle = await call(api.GET("/api/v1/health/fhir/Patient/$everything", {}));
    const blob = new Blob([JSON.stringify(bundle, null, 2)], { type: "application/fhir+json" });
    const link = h("a", { href: URL.createObjectURL(blob), download: "health-record.fhir.json" });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    fill(status);
  } catch (e) {
    fill(status, errorBox(asApiError(e)));
  }
}

export function healthView(root: HTMLElement): () => void {
  let disposed = false;
  const title = h("h1", {}, t("health.title"));
  if (loginGate(root, title)) return () => undefined;

  let codes: MeasureCode[] = [];
  let latest: Measurement[] = [];
  let programmes: Participation[] = [];
  let error: ApiError | null = null;
  const chartBox = h("div", { "data-testid": "trend" });
  const exportStatus = h("div", { role: "status", "aria-live": "polite" });

  const label = (code: string): MeasureCode | undefined => codes.find((c) => c.code === code);

  const showTrend = async (code: string): Promise<void> => {
    const measure = label(code);
    if (!measure) return;
    try {
      const trend = await call(
        api.GET("/api/v1/health/trends/", { params: { query: { codes: code, days: DAYS } } }),
      );
      if (disposed) return;
      const series = trend.series[0];
      fill(
        chartBox,
        series.points.length
          ? [
              trendChart(series, measure.label, measure.unit_label, measure.decimals),
              h(
                "p",
                { class: "muted small" },
                t("health.stats", {
                  min: value(series.minimum, measure.decimals),
                  avg: value(series.average, measure.decimals),
                  max: value(series.maximum, measure.decimals),
                }),
                ` ${measure.unit_label}`,
              ),
            ]
          : h("p", { class: "muted" }, t("health.noTrend")),
      );
    } catch (e) {
      fill(chartBox, errorBox(asApiError(e)));
    }
  };

  const comparison = (participation: Participation): HTMLElement => {
    const box = h("div", { "data-testid": "comparison" });
    void call(
      api.GET("/api/v1/health/programmes/{participation_id}/comparison/", {
        params: { path: { participation_id: participation.id } },
      }),
    ).then(
      (body) =>
        !disposed &&
        fill(
          box,
          h(
            "table",
            { class: "health-table" },
            h(
              "thead",
              {},
              h("tr", {}, h("th", { scope: "col" }, t("health.add.kind")), h("th", { scope: "col" }, t("health.before")), h("th", { scope: "col" }, t("health.after")), h("th", { scope: "col" }, t("health.change"))),
            ),
            h(
              "tbody",
              {},
              body.comparisons.map((row) =>
                h(
                  "tr",
                  {},
                  h("th", { scope: "row" }, label(row.code)?.label ?? row.code),
                  h("td", {}, value(row.before)),
                  h("td", {}, value(row.after)),
                  h("td", {}, row.change === null ? "–" : `${row.change > 0 ? "+" : ""}${value(row.change)}`),
                ),
              ),
            ),
          ),
        ),
      (e) => !disposed && fill(box, errorBox(asApiError(e))),
    );
    return box;
  };

  const render = (): void => {
    if (disposed) return;
    if (error) {
      fill(root, title, errorBox(error), h("p", { class: "muted small" }, t("health.offlineNote")));
      return;
    }
    const withData = latest.map((m) => m.code);
    const picker = h(
      "select",
      {
        id: "trend-code",
        "data-testid": "trend-code",
        onchange: () => void showTrend(picker.value),
      },
      codes.map((c) => h("option", { value: c.code, selected: c.code === withData[0] }, c.label)),
    );
    fill(
      root,
      title,
      h("p", { class: "muted" }, t("health.intro")),
      h(
        "section",
        { class: "card", "aria-labelledby": "health-latest" },
        h("h2", { id: "health-latest" }, t("health.latest")),
        latest.length
          ? h(
              "ul",
              { class: "plain-list health-latest", "data-testid": "latest" },
              latest.map((m) =>
                h(
                  "li",
                  { "data-code": m.code },
                  h("span", {}, label(m.code)?.label ?? m.code),
                  " ",
                  h("strong", {}, `${value(m.value, label(m.code)?.decimals ?? 1)} ${label(m.code)?.unit_label ?? m.unit}`),
                  h("span", { class: "muted small" }, ` · ${dateTime(m.measured_at)}`),
                ),
              ),
            )
          : h("p", { class: "muted", "data-testid": "no-measurements" }, t("health.noMeasurements")),
      ),
      h(
        "section",
        { class: "card", "aria-labelledby": "health-trend" },
        h("h2", { id: "health-trend" }, t("health.trend", { days: DAYS })),
        h("label", { for: "trend-code" }, t("health.trendFor")),
        picker,
        chartBox,
      ),
      programmes.length
        ? h(
            "section",
            { class: "card", "aria-labelledby": "health-programmes" },
            h("h2", { id: "health-programmes" }, t("health.programmes")),
            programmes.map((p) =>
              h("div", {}, h("h3", {}, h("span", { "data-server-text": "programme" }, p.programme.name)), h("p", { class: "muted small" }, t("health.comparison")), comparison(p)),
            ),
          )
        : null,
      h(
        "nav",
        { class: "card", "aria-labelledby": "health-menu" },
        h("h2", { id: "health-menu" }, t("health.menu")),
        h(
          "ul",
          { class: "plain-list health-menu" },
          menuLink(`${HEALTH}/add`, "health.add", "health-add"),
          menuLink(`${HEALTH}/records`, "health.records", "health-records"),
          menuLink(`${HEALTH}/survey`, "health.survey", "health-survey"),
          menuLink(`${HEALTH}/guide`, "health.guide", "health-guide"),
          menuLink(`${HEALTH}/sharing`, "health.sharing", "health-sharing"),
          menuLink(`${HEALTH}/share`, "health.share", "health-share"),
          menuLink(`${HEALTH}/card`, "health.card", "health-card"),
          menuLink(`${HEALTH}/surveys/satisfaction`, "health.satisfaction", "health-satisfaction"),
        ),
      ),
      h(
        "section",
        { class: "card", "aria-labelledby": "health-export" },
        h("h2", { id: "health-export" }, t("health.export")),
        h("p", { class: "muted small" }, t("health.exportHint")),
        h(
          "button",
          { type: "button", class: "button secondary", "data-testid": "health-export", onclick: () => void downloadBundle(exportStatus) },
          t("health.export"),
        ),
        exportStatus,
      ),
    );
    if (codes.length) void showTrend(picker.value || codes[0].code);
  };

  fill(root, title, h("p", { class: "muted loading" }, t("loading")));
  void (async () => {
    try {
      const [catalogue, page, mine] = await Promise.all([
        measureCodes(),
        call(api.GET("/api/v1/health/measurements/", { params: { query: { page_size: 100 } } })),
        call(api.GET("/api/v1/health/programmes/")),
      ]);
      codes = catalogue;
      latest = latestPerCode(page.results);
      programmes = mine;
    } catch (e) {
      error = asApiError(e);
    }
    render();
  })();

  return () => {
    disposed = true;
  };
}
