/** The demand survey taken at course registration: campus, weekday, arrive-by time, start area. */
import "../../i18n/drt";
import { api, type ApiError, call, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { t, type MessageKey } from "../../i18n";
import { session } from "../../session";
import { backLink } from "../../ui/backLink";
import { asApiError, errorBox } from "../../ui/errors";
import { loginCard } from "../../ui/loginCard";
import { DRT } from "./common";

type Hub = Schemas["HubOutput"];
type Campus = Schemas["CampusOutput"];
type Weekday = Schemas["SurveyResponseCreateInputRequest"]["weekday"];

function field(id: string, label: string, control: HTMLElement): HTMLElement[] {
  return [h("label", { for: id }, label), control];
}

export function drtSurveyView(root: HTMLElement): () => void {
  let disposed = false;
  let hubs: Hub[] = [];
  let campuses: Campus[] = [];
  let error: ApiError | null = null;
  let done = false;
  let busy = false;

  async function submit(form: HTMLFormElement): Promise<void> {
    if (busy) return;
    const data = new FormData(form);
    const hub = hubs.find((x) => x.code === data.get("origin"));
    if (!hub) return;
    busy = true;
    error = null;
    try {
      await call(
        api.POST("/api/v1/drt/survey/", {
          body: {
            term: String(data.get("term")),
            campus: String(data.get("campus")),
            weekday: Number(data.get("weekday")) as Weekday,
            arrive_by: String(data.get("arrive_by")),
            origin_lat: hub.lat,
            origin_lon: hub.lon,
          },
        }),
      );
      done = true;
    } catch (e) {
      error = asApiError(e);
    } finally {
      busy = false;
      render();
    }
  }

  function render(): void {
    if (disposed) return;
    const head = [backLink(DRT, t("drt.back")), h("h1", {}, t("drt.surveyTitle"))];
    if (!session.user) return fill(root, ...head, loginCard(t("drt.loginNeeded")));
    if (done) return fill(root, ...head, h("p", { role: "status", "data-testid": "drt-survey-done" }, t("drt.thanks")));
    const year = new Date().getFullYear();
    fill(
      root,
      ...head,
      h("p", { class: "muted" }, t("drt.surveyIntro")),
      errorBox(error),
      h("form", { class: "card", "data-testid": "drt-survey", onsubmit: (e: Event) => { e.preventDefault(); void submit(e.target as HTMLFormElement); } },
        ...field("term", t("drt.term"), h("select", { id: "term", name: "term" }, [`${year}-1`, `${year}-2`].map((x) => h("option", { value: x }, x)))),
        ...field("campus", t("drt.campus"), h("select", { id: "campus", name: "campus" }, campuses.map((c) => h("option", { value: c.code }, c.name)))),
        ...field("weekday", t("drt.weekday"), h("select", { id: "weekday", name: "weekday" }, [0, 1, 2, 3, 4, 5, 6].map((d) => h("option", { value: d }, t(`drt.day.${d}` as MessageKey))))),
        ...field("arrive_by", t("drt.arriveBy"), h("input", { id: "arrive_by", name: "arrive_by", type: "time", value: "09:00", required: true })),
        ...field("origin", t("drt.originHub"), h("select", { id: "origin", name: "origin" }, hubs.map((x) => h("option", { value: x.code }, x.name)))),
        h("button", { class: "button", type: "submit", disabled: busy, "data-testid": "drt-survey-submit" }, t("drt.submit")),
      ),
    );
  }

  void (async () => {
    try {
      [hubs, campuses] = await Promise.all([call(api.GET("/api/v1/drt/hubs/")), call(api.GET("/api/v1/drt/campuses/"))]);
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
