import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Each test spawns the CLI (tsx compiles it on the fly) against a fresh database.
    hookTimeout: 60_000,
    testTimeout: 60_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
