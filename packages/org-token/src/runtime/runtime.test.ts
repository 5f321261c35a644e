import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// The verify entry's own modules: edge bundlers follow every one of them.
const modules = ["../runtime/", "../verify/"].flatMap((dir) =>
  readdirSync(new URL(dir, import.meta.url))
    .filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"))
    .map((name) => new URL(dir + name, import.meta.url)),
);

describe("runtime modules", () => {
  it("have no static Node imports; node:crypto is reached only at run time", () => {
    expect(modules.length).toBeGreaterThan(5);
    for (const file of modules) {
      const source = readFileSync(file, "utf8");
      expect(source, file.pathname).not.toMatch(/^\s*import[^;]*from\s*["'](node:|crypto|buffer)/m);
      expect(source, file.pathname).not.toMatch(/\brequire\(/);
      expect(source, file.pathname).not.toMatch(/import\(\s*["']node:/);
    }
  });

  it("the package imports nothing but jose, eventsource-parser (./freshness only) and its own src/", () => {
    const src = new URL("../", import.meta.url);
    const files = readdirSync(src, { recursive: true, encoding: "utf8" })
      .filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"))
      .map((name) => new URL(name, src));
    for (const file of files) {
      const source = readFileSync(file, "utf8");
      for (const [, specifier = ""] of source.matchAll(
        /^\s*(?:import|export)\b[^;]*?from\s*["']([^"']+)["']/gm,
      )) {
        const inside =
          specifier.startsWith(".") && new URL(specifier, file).href.startsWith(src.href);
        const allowed =
          specifier === "jose" ||
          (specifier === "eventsource-parser" && file.pathname.endsWith("/src/freshness.ts"));
        expect(allowed || inside, `${file.pathname}: ${specifier}`).toBe(true);
      }
    }
  });
});
