import { describe, expect, it } from "vitest";
import { svgDataUrl } from "./svg-data-url";

describe("svgDataUrl", () => {
  it("encodes the document, non-ASCII included, so it decodes to the same text", () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><title>Clé ✓</title></svg>';
    const url = svgDataUrl(svg);
    expect(url.startsWith("data:image/svg+xml;base64,")).toBe(true);
    const decoded = Buffer.from(url.slice("data:image/svg+xml;base64,".length), "base64");
    expect(decoded.toString("utf8")).toBe(svg);
  });
});
