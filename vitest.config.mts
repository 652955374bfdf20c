import { defineConfig } from "vitest/config";

/** Tests that run real binaries (Prometheus, Alertmanager, node_exporter, promtool, amtool, haproxy). */
const LIVE_TESTS = "test/**/*.live.test.ts";

export default defineConfig({
  test: {
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
    projects: [
      { extends: true, test: { name: "unit", include: ["test/**/*.test.ts"], exclude: [LIVE_TESTS] } },
      // `npm run test:live`: needs the binaries tools/upstream/install.sh puts in .upstream/.
      { extends: true, test: { name: "live", include: [LIVE_TESTS] } },
    ],
  },
});
