/**
 * Pieces the Health screens share: the login gate, the links back, the trend chart (inline SVG,
 * no chart library) and the measurement catalogue. Health data is never kept on the device (no
 * `store.ts` copy): offline, a screen says so and loads again when the network is back.
 */
import "../../i18n/health";
import { api, call, type Schemas } from "../../api/client";
import { h } from "../../dom";
import { number } from "../../format";
import { t } from "../../i18n";
import { session } from "../../session";
import { backLink } from "../../ui/backLink";
import { loginCard } from "../../ui/loginCard";

export const HEALTH = "/services/health";
export type MeasureCode = Schemas["MeasureCodeOutput"];

export function back(): HTMLElement {
  return backLink(HEALTH, t("health.back"));
}

/** A login card when nobody is logged in (the caller then draws nothing else). */
export function loginGate(root: HTMLElement, title: HTMLElement): boolean {
  if (session.user) return false;
  root.replaceChildren(title, loginCard(t("health.loginNeeded")));
  return true;
}

let codes: Promise<MeasureCode[]> | null = null;

/** The measurement catalogue (LOINC codes, units, ranges), asked once per page load. */
export function measureCodes(): Promise<MeasureCode[]> {
  codes ??= call(api.GET("/api/v1/health/codes/")).catch((e) => {
    codes = null;
    throw e;
  });
  return codes;
}

export function value(v: number | null | undefined, decimals = 1): string {
  if (v === null || v === undefined) return "–";
  return number(Math.round(v * 10 ** decimals) / 10 ** decimals);
}

const SVG = "http://www.w3.org/2000/svg";

function el(tag: string, attrs: Record<string, string | number>): SVGElement {
  const node = document.createElementNS(SVG, tag);
  for (const [name, v] of Object.entries(attrs)) node.setAttribute(name, String(v));
  return node;
}

/**
 * A line chart of one series, oldest to newest, scaled to its own range. Drawn as inline SVG
 * that fits any width (viewBox); its text alternative names the lowest, highest and latest.
 */
export function trendChart(
  series: Schemas["SeriesOutput"],
  label: string,
  unit: string,
  decimals: number,
): Element {
  const points = series.points;
  const width = 320;
  const height = 150;
  const pad = { left: 40, right: 12, top: 14, bottom: 24 };
  const svg = el("svg", {
    viewBox: `0 0 ${width} ${height}`,
    class: "health-chart",
    style: "width:100%;height:auto;display:block",
    role: "img",
    "aria-label": t("health.chartLabel", {
      label,
      min: `${value(series.minimum, decimals)} ${unit}`,
      max: `${value(series.maximum, decimals)} ${unit}`,
      latest: `${value(series.latest, decimals)} ${unit}`,
    }),
    "data-testid": "trend-chart",
  });
  const values = points.map((p) => p.value);
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (low === high) {
    low -= 1;
    high += 1;
  }
  const times = points.map((p) => Date.parse(p.at));
  const first = Math.min(...times);
  const last = Math.max(...times);
  const x = (time: number): number =>
    last === first
      ? (pad.left + width - pad.right) / 2
      : pad.left + ((time - first) / (last - first)) * (width - pad.left - pad.right);
  const y = (v: number): number =>
    pad.top + (1 - (v - low) / (high - low)) * (height - pad.top - pad.bottom);
  for (const v of [low, high]) {
    svg.append(el("line", { x1: pad.left, x2: width - pad.right, y1: y(v), y2: y(v), stroke: "#8a9099", "stroke-dasharray": "3 3" }));
    const text = el("text", { x: pad.left - 4, y: y(v) + 4, "text-anchor": "end", fill: "currentColor", "font-size": 11 });
    text.textContent = value(v, decimals);
    svg.append(text);
  }
  const line = points.map((p, i) => `${x(times[i]).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ");
  svg.append(el("polyline", { points: line, fill: "none", stroke: "#0b57d0", "stroke-width": 2 }));
  points.forEach((p, i) => svg.append(el("circle", { cx: x(times[i]), cy: y(p.value), r: 3, fill: "#0b57d0" })));
  return svg;
}

export function menuLink(href: string, key: Parameters<typeof t>[0], testid: string): HTMLElement {
  return h("li", {}, h("a", { class: "button secondary", href, "data-testid": testid }, t(key)));
}
