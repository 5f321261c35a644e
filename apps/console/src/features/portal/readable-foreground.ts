const DARK = "#111318";
const LIGHT = "#ffffff";

function channel(hex: string): number {
  const value = parseInt(hex, 16) / 255;
  return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of `#rgb` or `#rrggbb`; null for anything else. */
function luminance(color: string): number | null {
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color);
  if (!match?.[1]) return null;
  const hex = match[1].length === 3 ? [...match[1]].map((c) => c + c).join("") : match[1];
  const [r, g, b] = [0, 2, 4].map((i) => channel(hex.slice(i, i + 2))) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

/**
 * The text color that reads best on an organization's brand color (buttons, checked boxes):
 * white or near-black, whichever contrasts more. A pale brand color keeps dark text.
 * @example readableForeground("#fde047") // "#111318"
 */
export function readableForeground(background: string): string | null {
  const bg = luminance(background);
  if (bg === null) return null;
  return contrast(bg, 1) >= contrast(bg, luminance(DARK) ?? 0) ? LIGHT : DARK;
}
