import { describe, expect, it } from "vitest";
import {
  compiledShapeCount,
  compileMjml,
  fillSlots,
  ShapeSlots,
  type SlotValue,
} from "./compiled-shapes.ts";
import { layoutMjml, renderLayout, type Layout } from "./layout.ts";

/** The email as MJML compiles it with the values written in: what the cache must equal. */
async function compiledInPlace(layout: Layout, mode: keyof SlotValue): Promise<string> {
  const slots = new ShapeSlots();
  return compileMjml(fillSlots(layoutMjml(layout, slots), slots, mode));
}

const tricky = [
  `Acme & "Sons" <Ltd> 'quoted'`,
  "$& $1 $$ $` $' (replacement patterns)",
  "Ünïcödé — 東京 🚀 &amp; already-escaped",
  "gh000000000000s0e (looks like a placeholder)",
  "a".repeat(128),
];

function layoutFor(name: string, logo: boolean): Layout {
  return {
    subject: `${name} invited you`,
    preview: `Join ${name}.`,
    brand: {
      name,
      color: "#0f766e",
      ...(logo
        ? { logoUrl: `https://cdn.example.test/logo.png?n=${encodeURIComponent(name)}` }
        : {}),
    },
    blocks: [
      { type: "heading", text: [`Join ${name}`] },
      { type: "paragraph", text: [{ strong: name }, " and your code ", { secret: "493817" }] },
      {
        type: "action",
        label: `Open ${name}`,
        href: `https://id.example.test/invite/tok_${encodeURIComponent(name).slice(0, 40)}?a=1&b="2"`,
        secret: true,
      },
      { type: "note", text: [name] },
    ],
    footer: [["Sent to ", { strong: `${name}@example.test` }]],
  };
}

describe("emails compiled once per shape", () => {
  it("renders every value exactly as MJML does with the value written in, both copies", async () => {
    for (const logo of [false, true]) {
      for (const name of tricky) {
        const layout = layoutFor(name, logo);
        const email = await renderLayout(layout);
        expect(email.html).toBe(await compiledInPlace(layout, "reveal"));
        expect(email.redacted?.html).toBe(await compiledInPlace(layout, "redact"));
        expect(email.redacted?.html).not.toContain("493817");
      }
    }
  });

  it("compiles a shape once: emails that differ only in their values share it", async () => {
    const before = compiledShapeCount();
    await renderLayout(layoutFor("Shape One", false));
    const after = compiledShapeCount();
    await renderLayout(layoutFor("Shape Two, other values", false));
    expect(compiledShapeCount()).toBe(after);
    expect(after).toBeGreaterThanOrEqual(before);
  });

  it("keeps at most 256 shapes", async () => {
    for (let i = 0; i < 300; i++) {
      const layout = layoutFor("Acme", false);
      layout.brand.color = `#${i.toString(16).padStart(6, "0")}`;
      await renderLayout(layout);
    }
    expect(compiledShapeCount()).toBe(256);
  }, 60_000);
});
