import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Pulumi mocks are process-global, so each test file gets its own worker.
    pool: "forks",
    fileParallelism: true,
    // The live tests (rehearsal, HA, Alertmanager) mostly wait on real processes' clocks, so running three
    // files at once on 2 cores overlaps that waiting with the CPU-bound promtool runs; vitest's default
    // (cores - 1) would run them one after another.
    maxWorkers: 3,
    reporters: ["default", "./test/support/summaryReporter.mts"],
  },
});
