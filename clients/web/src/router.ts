/** Client-side routes (the Django view serves index.html for each of them). */
export type Route =
  | { name: "home" }
  | { name: "login" }
  | { name: "inbox" }
  | { name: "service"; slug: string };

export function parse(pathname: string): Route {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === "/") return { name: "home" };
  if (path === "/login") return { name: "login" };
  if (path === "/notifications") return { name: "inbox" };
  const service = /^\/services\/([\w-]+)$/.exec(path);
  if (service) return { name: "service", slug: service[1] };
  return { name: "home" };
}

const listeners = new Set<() => void>();

export function onNavigate(listener: () => void): void {
  listeners.add(listener);
}

export function navigate(to: string, { replace = false } = {}): void {
  if (to !== location.pathname) {
    if (replace) history.replaceState(null, "", to);
    else history.pushState(null, "", to);
  }
  for (const listener of listeners) listener();
  window.scrollTo(0, 0);
}

window.addEventListener("popstate", () => {
  for (const listener of listeners) listener();
});

/** Same-origin links move within the app instead of reloading the page. */
document.addEventListener("click", (event) => {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = (event.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
  if (!link || link.target || link.hasAttribute("download") || link.origin !== location.origin) {
    return;
  }
  if (/^\/(api|admin|static|media|ws)\//.test(link.pathname)) return;
  event.preventDefault();
  navigate(link.pathname);
});
