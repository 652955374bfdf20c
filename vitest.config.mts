import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Pulumi mocks are process-global, so each test file gets its own worker.
    pool: "forks",
    fileParallelism: true,
    reporters: ["default", "./test/support/summaryReporter.mts"],
  },
});
