import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { alertDefinitions } from "../../rules";
import { EDGE_CASE_KINDS, alertWindowSeconds, expandValues } from "../../rules/edgeCases";
import { RECORDING_GROUP } from "../../rules/recording";
import { renderPromtoolTests } from "../../rules/promtoolTests";
import { RULES_DIRECTORY, renderRuleFiles } from "../../rules/render";
import { runTool } from "../../harness/binaries";
import { testSettings } from "../../harness/settings";
import { writeToTempDir } from "../support/ruleFiles";

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

describe("edge cases of windowed alerts", () => {
  const alerts = alertDefinitions(testSettings());

  it("exist for every alert that reads a range window, all four kinds", () => {
    const windowed = alerts.filter((alert) => alertWindowSeconds(alert.expr) !== undefined);
    expect(windowed.length).toBeGreaterThanOrEqual(25);
    const missing = windowed.flatMap((alert) =>
      EDGE_CASE_KINDS.filter(
        (kind) =>
          !alert.cases.some(
            (example) => example.title.startsWith(`edge: ${kind}:`) && example.fires.length === 0,
          ),
      ).map((kind) => `${alert.name}: ${kind}`),
    );
    expect(missing).toStrictEqual([]);
  });

  it("find windows through the recording rules an alert reads", () => {
    expect(alertWindowSeconds("node:xai_mining_failures:ratio_rate15m > 0.5")).toBe(900);
    expect(alertWindowSeconds('increase(xai_blocks_total{job="xai-node"}[10m]) == 0')).toBe(600);
    expect(alertWindowSeconds('xai_peers_connected{job="xai-node"} < 2')).toBeUndefined();
  });

  it("expand promtool's series notation", () => {
    expect(expandValues("1+2x3 _x2 7 _ 4-1x1")).toStrictEqual([1, 3, 5, 7, "_", "_", 7, "_", 4, 3]);
    expect(expandValues("0x2")).toStrictEqual([0, 0, 0]);
  });

  it("catch an absence alert that fires on short history: without its window guard, cold start fails", () => {
    const files = renderRuleFiles(testSettings());
    const guard =
      / and on \(node, network\) present_over_time\(xai_blocks_total\{job="xai-node"\}\[2m\] offset 10m\)/;
    const unguarded = files.map((file) =>
      file.relativePath === `${RULES_DIRECTORY}/blockchain.yml`
        ? { ...file, content: file.content.replace(guard, "") }
        : file,
    );
    expect(unguarded.find((file) => file.relativePath.endsWith("blockchain.yml"))?.content).not.toMatch(
      guard,
    );
    const { dir, cleanup } = writeToTempDir(unguarded);
    cleanups.push(cleanup);
    const lowBlocks = alerts.filter((alert) => alert.name === "LowBlockProductionRate");
    writeFileSync(
      join(dir, "tests.yml"),
      renderPromtoolTests(lowBlocks, [
        `${RULES_DIRECTORY}/${RECORDING_GROUP}.yml`,
        `${RULES_DIRECTORY}/blockchain.yml`,
      ]),
    );
    const result = runTool("promtool", ["test", "rules", "tests.yml"], { cwd: dir, timeoutMs: 120_000 });
    expect(result.status).not.toBe(0);
    const output = result.stdout + result.stderr;
    expect(output).toContain("LowBlockProductionRate: edge: cold start");
    // The ordinary cases still pass without the guard: only the edge case sees the bug.
    expect(output).not.toContain("LowBlockProductionRate: last block");
  }, 150_000);
});
