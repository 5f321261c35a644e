import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    hookTimeout: 120_000,
    testTimeout: 60_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
