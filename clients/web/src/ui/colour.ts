/** Colours that stay readable: WCAG contrast, and the text colour a coloured chip needs. */

function luminance(hex: string): number {
  const value = hex.replace("#", "");
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(value.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The WCAG contrast ratio of two #rrggbb colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [dark, light] = [luminance(a), luminance(b)].sort((x, y) => x - y);
  return (light + 0.05) / (dark + 0.05);
}

/** `preferred` on `background` when it reaches 4.5:1 (WCAG AA for text), else white or near-black,
 * whichever reads better: a feed's route colours are not always chosen with contrast in mind. */
export function readableOn(background: string, preferred = "#ffffff"): string {
  if (contrast(background, preferred) >= 4.5) return preferred;
  return contrast(background, "#ffffff") >= contrast(background, "#111827") ? "#ffffff" : "#111827";
}
