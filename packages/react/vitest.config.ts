import { defineConfig } from "vitest/config";

export default defineConfig({
  oxc: { jsx: { runtime: "automatic" } },
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
    // Components render in a DOM; the packed-package test runs in Node (see its header).
    environment: "jsdom",
    setupFiles: ["src/test/setup.ts"],
    testTimeout: 30_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
