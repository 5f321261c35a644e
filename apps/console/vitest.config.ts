import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // The same `@/` alias as tsconfig.json, so route handlers and the proxy can be tested as written.
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  // Server components render in tests (tsconfig keeps JSX for Next: compile it here).
  oxc: { jsx: { runtime: "automatic" } },
  test: {
    include: ["src/**/*.test.ts"],
    hookTimeout: 60_000,
    testTimeout: 30_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
