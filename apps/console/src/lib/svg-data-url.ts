/**
 * An SVG document as a `data:` URL for an `<img>`: the browser renders it as an image, so
 * nothing in it runs or reaches the page (unlike inline markup), whatever it contains.
 * Encoded as UTF-8 first (`btoa` takes only Latin-1).
 */
export function svgDataUrl(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}
