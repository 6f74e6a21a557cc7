/**
 * Screens whose code is fetched when first opened, each in its own chunk, so the app's first
 * download stays small however many services are added. The service worker precaches every chunk
 * with the app shell, so a lazy screen opens offline too.
 *
 *   { path: "/services/drt", title: "drt.title", view: lazyView(() => import("./request").then((m) => m.drtView)) }
 *
 * With parameters: `lazyView(() => import("./ride").then((m) => (root, p) => m.rideView(root, p.uuid)))`.
 * A screen with a map: `lazyMapView(...)`, which fetches Leaflet at the same time.
 */
import { h } from "./dom";
import { t } from "./i18n";
import type { View } from "./routes";
import { loadLeaflet } from "./ui/map";

export interface LazyView extends View {
  /** Start fetching the screen's code now (the app calls it at start-up for the first screen). */
  preload(): Promise<View>;
}

export function lazyView(load: () => Promise<View>): LazyView {
  let loading: Promise<View> | null = null;
  const preload = () => {
    loading ??= load().catch((error: unknown) => {
      loading = null; // a chunk that failed (offline, a new deploy) is fetched again next time
      throw error;
    });
    return loading;
  };
  const view: View = (root, params) => {
    let disposed = false;
    let cleanup: (() => void) | void;
    root.replaceChildren(h("p", { class: "muted loading" }, t("loading")));
    preload().then(
      (screen) => {
        if (disposed) return;
        root.replaceChildren();
        cleanup = screen(root, params);
      },
      () => {
        if (disposed) return;
        root.replaceChildren(
          h("div", { class: "error offline-error", role: "alert", "data-testid": "screen-unavailable" }, t(navigator.onLine ? "error.unexpected" : "offline.cannotLoad")),
        );
      },
    );
    return () => {
      disposed = true;
      if (typeof cleanup === "function") cleanup();
    };
  };
  return Object.assign(view, { preload });
}

export function isLazy(view: View): view is LazyView {
  return typeof (view as Partial<LazyView>).preload === "function";
}

/** A lazy screen with a map: Leaflet's code is fetched alongside the screen's, not after it. */
export function lazyMapView(load: () => Promise<View>): LazyView {
  return lazyView(() => {
    void loadLeaflet().catch(() => undefined); // the map says "unavailable" itself if this fails
    return load();
  });
}
