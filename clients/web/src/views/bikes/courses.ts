/**
 * Gaya heritage tour courses (가야 역사 문화 탐방 코스): the list, and one course on the map with
 * its stops in riding order. A stop at a Tagogaya station shows how many bikes are there now, so
 * a rider can start (or leave the bike) where the course passes a station.
 */
import type * as Leaflet from "leaflet";

import { api, call, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { t } from "../../i18n";
import { BIKES, level, LEVEL_COLOUR, stationPath } from "./common";
import { asApiError, errorBox } from "../../ui/errors";
import { backLink } from "../../ui/backLink";
import { distance } from "../../format";
import { countMarker, createMap } from "../../ui/map";

type Course = Schemas["CourseOutput"];
type CourseDetail = Schemas["CourseDetailOutput"];
type Stop = Schemas["CourseStopOutput"];

export const COURSES = `${BIKES}/courses`;
export const coursePath = (id: string) => `${COURSES}/${id}`;

const ROUTE_COLOUR = "#9a3412";

function facts(course: Course): HTMLElement {
  return h(
    "span",
    { class: "counts" },
    h("span", { "data-testid": "course-distance" }, distance(course.distance_m)),
    h("span", { "data-testid": "course-minutes" }, t("courses.riding", { minutes: course.riding_minutes })),
    h("span", {}, t("courses.stops", { count: course.num_stops })),
  );
}

export function bikesCoursesView(root: HTMLElement): () => void {
  let disposed = false;
  fill(root, backLink(BIKES, t("bikes.title")), h("p", { class: "muted loading" }, t("loading")));

  void (async () => {
    try {
      const courses: Course[] = await call(api.GET("/api/v1/rentals/courses/"));
      if (disposed) return;
      fill(
        root,
        backLink(BIKES, t("bikes.title")),
        h(
          "section",
          { class: "courses", "aria-labelledby": "courses-title" },
          h("h1", { id: "courses-title", class: "section-title" }, t("courses.title")),
          h("p", { class: "muted" }, t("courses.intro")),
          courses.length
            ? h(
                "ul",
                { class: "course-list", "data-testid": "course-list" },
                courses.map((c) =>
                  h(
                    "li",
                    { class: "card course", "data-testid": "course", "data-code": c.code },
                    h("h2", {}, h("a", { href: coursePath(c.id) }, c.name)),
                    h("p", {}, c.description),
                    facts(c),
                  ),
                ),
              )
            : h("p", { class: "muted" }, t("courses.none")),
        ),
      );
    } catch (error) {
      if (!disposed) fill(root, backLink(BIKES, t("bikes.title")), errorBox(asApiError(error)) ?? "");
    }
  })();

  return () => {
    disposed = true;
  };
}

export function bikesCourseView(root: HTMLElement, courseId: string): () => void {
  let disposed = false;
  let map: Leaflet.Map | null = null;
  const back = () => backLink(COURSES, t("courses.title"));
  fill(root, back(), h("p", { class: "muted loading" }, t("loading")));

  const stopLevel = (stop: Stop) =>
    stop.station ? level(stop.station.num_bikes_available, { closed: !stop.station.is_renting }) : "site";

  const stopItem = (stop: Stop) =>
    h(
      "li",
      { class: `course-stop ${stopLevel(stop)}`, "data-testid": "course-stop", "data-kind": stop.kind },
      h("span", { class: "stop-number", "aria-hidden": "true" }, stop.position),
      h(
        "div",
        { class: "stop-body" },
        h(
          "strong",
          { class: "place-name" },
          stop.station ? h("a", { href: stationPath(stop.station.id) }, stop.name) : stop.name,
        ),
        stop.station
          ? h(
              "span",
              { class: "counts" },
              h("span", { class: "tag" }, t("courses.station")),
              h(
                "span",
                { "data-testid": "stop-bikes" },
                t("bikes.bikesAvailable", { count: stop.station.num_bikes_available }),
              ),
              h("span", {}, t("bikes.freeDocks", { count: stop.station.num_docks_available })),
            )
          : h("span", { class: "counts" }, h("span", { class: "tag" }, t("courses.site"))),
        stop.note ? h("p", { class: "stop-note" }, stop.note) : null,
      ),
    );

  async function drawMap(box: HTMLElement, course: CourseDetail): Promise<void> {
    const made = await createMap(box, { isDisposed: () => disposed });
    if (!made) return;
    const { L } = made;
    map = made.map;
    const line = course.line.coordinates.map(([lon, lat]) => [lat, lon] as [number, number]);
    if (line.length) {
      L.polyline(line, { color: ROUTE_COLOUR, weight: 5, opacity: 0.8, dashArray: "8 6" }).addTo(map);
      map.fitBounds(L.latLngBounds(line), { padding: [28, 28], maxZoom: 16, animate: false });
    }
    for (const stop of course.stops) {
      const lvl = stopLevel(stop);
      countMarker(L, [stop.lat, stop.lon], String(stop.position), lvl === "site" ? ROUTE_COLOUR : LEVEL_COLOUR[lvl])
        .bindPopup(h("div", { class: "popup" }, h("strong", {}, stop.name), stop.note ? h("p", {}, stop.note) : null))
        .addTo(map);
    }
  }

  void (async () => {
    try {
      const course: CourseDetail = await call(
        api.GET("/api/v1/rentals/courses/{course_id}/", { params: { path: { course_id: courseId } } }),
      );
      if (disposed) return;
      const mapBox = h("div", { class: "bike-map course-map", "data-testid": "map", role: "presentation" });
      const mapError = h("div");
      fill(
        root,
        back(),
        h(
          "section",
          { class: "course-detail", "aria-labelledby": "course-title" },
          h("h1", { id: "course-title", class: "section-title", "data-testid": "course-title" }, course.name),
          h("p", {}, course.description),
          facts(course),
          mapBox,
          mapError,
          h(
            "ul",
            { class: "legend", "aria-label": t("bikes.legend") },
            h("li", {}, h("span", { class: "dot-level good" }), t("courses.legendStation")),
            h("li", {}, h("span", { class: "dot-level site" }), t("courses.site")),
          ),
          h("h2", { class: "list-title" }, t("courses.stopList")),
          h("ol", { class: "course-stops", "data-testid": "course-stops" }, course.stops.map(stopItem)),
          course.source ? h("p", { class: "muted small", "data-testid": "course-source" }, course.source) : null,
        ),
      );
      drawMap(mapBox, course).catch((error) => {
        if (!disposed) mapError.replaceChildren(errorBox(asApiError(error)) ?? "");
      });
    } catch (error) {
      if (!disposed) fill(root, back(), errorBox(asApiError(error)) ?? "");
    }
  })();

  return () => {
    disposed = true;
    map?.remove();
  };
}
