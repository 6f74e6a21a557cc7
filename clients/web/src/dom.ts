/** A tiny element builder: h("a", { href: "/", class: "tile" }, "text", child). */
type Child = Node | string | number | null | undefined | false;
/** Children may nest in arrays (a group of elements, or none, from a conditional). */
type Children = Child | Children[];
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Children[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (value === true) {
      element.setAttribute(name, "");
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(parent: Element, children: Children[]): void {
  for (const child of (children as Child[]).flat(Infinity as 1) as Child[]) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : String(child));
  }
}

/** Inline SVG from trusted markup (our own icons only). */
export function svg(markup: string): Element {
  const template = document.createElement("template");
  template.innerHTML = markup.trim();
  return template.content.firstElementChild as Element;
}

/**
 * The field that lost the focus in this task because a redraw moved it (building the new tree
 * takes it out of the document before `fill` puts it back), with its caret.
 */
let moved: { element: HTMLElement; caret: Caret | null } | null = null;
document.addEventListener(
  "focusout",
  (event) => {
    if (event.relatedTarget !== null || !(event.target instanceof HTMLElement)) return;
    moved = { element: event.target, caret: caretOf(event.target) };
    queueMicrotask(() => {
      moved = null;
    });
  },
  true,
);

/**
 * Replace an element's children, skipping the empty ones (null, false…).
 *
 * A screen redrawn by a live event keeps the field being typed in: when the focused field is
 * among the new children (views keep their inputs across redraws), it gets the focus and the
 * caret back, so a keystroke that lands just after the redraw is not lost.
 */
export function fill(parent: Element, ...children: Children[]): void {
  const focused = document.activeElement;
  const keep =
    focused instanceof HTMLElement && focused !== document.body && parent.contains(focused)
      ? { element: focused, caret: caretOf(focused) }
      : moved;
  parent.replaceChildren();
  append(parent, children);
  // focused again even when activeElement still names it: the browser moves the focus of a
  // removed element to the body only at the next rendering
  if (keep && parent.contains(keep.element)) {
    keep.element.focus({ preventScroll: true });
    if (keep.caret) setCaret(keep.element, keep.caret);
    moved = null;
  }
}

type Caret = [number | null, number | null];

function caretOf(element: HTMLElement): Caret | null {
  if (!(element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement)) return null;
  try {
    return [element.selectionStart, element.selectionEnd];
  } catch {
    return null; // inputs without a caret (number, email…)
  }
}

function setCaret(element: HTMLElement, [start, end]: Caret): void {
  if (start === null || end === null) return;
  try {
    (element as HTMLInputElement).setSelectionRange(start, end);
  } catch {
    // inputs without a caret
  }
}
