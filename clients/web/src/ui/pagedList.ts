/**
 * A list read a page at a time from a cursor-paginated endpoint (`{results, next}`, DRF's cursor
 * pagination): the first page, then "more" until `next` is null. The offline / error state is the
 * shared error box; an empty first page says `empty`.
 */
import { fill, h } from "../dom";
import { t } from "../i18n";
import { asApiError, errorBox } from "./errors";

export interface Page<T> {
  results: T[];
  next?: string | null;
}

export interface PagedListOptions<T> {
  /** Fetch one page; `cursor` is undefined for the first. */
  load: (cursor: string | undefined) => Promise<Page<T>>;
  item: (row: T) => Node;
  empty: string;
  /** data-testid of the <ul> */
  testid: string;
  className?: string;
  /** Shown in place of the first page when it cannot be fetched (e.g. the last copy kept offline). */
  fallback?: (error: unknown) => Node | null;
}

/** The cursor of a `next` link (an absolute or relative URL). */
export function cursorOf(next: string | null | undefined): string | undefined {
  if (!next) return undefined;
  return new URL(next, location.origin).searchParams.get("cursor") ?? undefined;
}

export function pagedList<T>(options: PagedListOptions<T>): { element: HTMLElement; dispose: () => void } {
  let disposed = false;
  const list = h("ul", { class: options.className ?? "paged-list", "data-testid": options.testid });
  const more = h("div", { class: "more" });
  const element = h("div", { class: "paged" }, list, more);

  async function load(cursor?: string): Promise<void> {
    fill(more, h("p", { class: "muted loading" }, t("loading")));
    try {
      const page = await options.load(cursor);
      if (disposed) return;
      if (!cursor && !page.results.length) {
        fill(list, h("li", { class: "empty", "data-testid": "empty" }, options.empty));
      } else {
        list.append(...page.results.map(options.item));
      }
      const next = cursorOf(page.next);
      fill(
        more,
        next
          ? h("button", { type: "button", class: "button secondary", onclick: () => void load(next) }, t("list.more"))
          : null,
      );
    } catch (e) {
      if (disposed) return;
      const fallback = cursor ? null : (options.fallback?.(e) ?? null);
      fill(more, errorBox(asApiError(e)));
      if (fallback) list.replaceChildren(fallback);
    }
  }

  void load();
  return {
    element,
    dispose: () => {
      disposed = true;
    },
  };
}
