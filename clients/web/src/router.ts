/** Navigation inside the app: history, same-origin links, the login detour. The screens are in
 * routes.ts. */
const listeners = new Set<() => void>();

export function onNavigate(listener: () => void): void {
  listeners.add(listener);
}

/** Where to go after logging in: `?next=` when it is a path on this site, else home. */
export function nextPath(): string {
  const next = new URLSearchParams(location.search).get("next");
  return next && /^\/(?![/\\])/.test(next) && !next.startsWith("/login") ? next : "/";
}

/** The login page, coming back to `path` (by default the current page) afterwards. */
export function loginHref(path: string = location.pathname): string {
  return `/login?next=${encodeURIComponent(path)}`;
}

export function navigate(to: string, { replace = false } = {}): void {
  if (to !== location.pathname + location.search) {
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
  navigate(link.pathname + link.search);
});
