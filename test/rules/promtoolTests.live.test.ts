import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { alertDefinitions, type AlertRule } from "../../rules";
import { RECORDING_GROUP } from "../../rules/recording";
import { renderPromtoolTests } from "../../rules/promtoolTests";
import { RULES_DIRECTORY, SLO_GROUP, renderRuleFiles } from "../../rules/render";
import { runTool } from "../../harness/binaries";
import { writeToTempDir } from "../support/ruleFiles";
import { testSettings } from "../../harness/settings";

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

/**
 * Renders the rules and, per alert group, a promtool test file (loading only the recording rules and that
 * group, which keeps evaluation fast) into a temp dir, then runs `promtool test rules` on all of them.
 */
function runPromtoolTests(
  settings = testSettings(),
  options: { only?: (alert: AlertRule) => boolean; edit?: (tests: string) => string } = {},
) {
  const files = renderRuleFiles(settings);
  const { dir, cleanup } = writeToTempDir(files);
  cleanups.push(cleanup);
  // The SLO alerts have their own, slower examples (test/rules/slos/rules.live.test.ts).
  const alerts = alertDefinitions(settings)
    .filter((alert) => alert.group !== SLO_GROUP)
    .filter(options.only ?? (() => true));
  const groups = [...new Set(alerts.map((alert) => alert.group))];
  const testFiles = groups.map((group) => {
    const tests = renderPromtoolTests(
      alerts.filter((alert) => alert.group === group),
      [`${RULES_DIRECTORY}/${RECORDING_GROUP}.yml`, `${RULES_DIRECTORY}/${group}.yml`],
    );
    writeFileSync(join(dir, `tests-${group}.yml`), options.edit ? options.edit(tests) : tests);
    return `tests-${group}.yml`;
  });
  return runTool("promtool", ["test", "rules", ...testFiles], { cwd: dir, timeoutMs: 280_000 });
}

describe("rendered rule files", () => {
  const settings = testSettings();
  const files = renderRuleFiles(settings);

  it("pass promtool check rules, every one of them", () => {
    const { dir, cleanup } = writeToTempDir(files);
    cleanups.push(cleanup);
    const result = runTool("promtool", ["check", "rules", ...files.map((file) => file.relativePath)], {
      cwd: dir,
    });
    expect(result.stderr + result.stdout).not.toMatch(/FAILED|error/i);
    expect(result.status).toBe(0);
    for (const file of files) expect(result.stdout).toContain(`Checking ${file.relativePath}`);
  });

  it("hold at least 45 alerts in 13 alert groups (12 and the SLOs')", () => {
    const alerts = alertDefinitions(settings);
    expect(alerts.length).toBeGreaterThanOrEqual(45);
    expect(new Set(alerts.map((alert) => alert.group)).size).toBe(13);
  });
});

describe("promtool unit tests of every alert", () => {
  it("give every alert a firing case and a quiet case (only the Watchdog can never be quiet)", () => {
    const problems: string[] = [];
    for (const alert of alertDefinitions(testSettings())) {
      if (!alert.cases.some((example) => example.fires.length > 0))
        problems.push(`${alert.name}: no firing case`);
      if (!alert.alwaysFires && !alert.cases.some((example) => example.fires.length === 0)) {
        problems.push(`${alert.name}: no quiet case`);
      }
    }
    expect(problems).toStrictEqual([]);
    const alwaysFiring = alertDefinitions(testSettings()).filter((alert) => alert.alwaysFires);
    expect(alwaysFiring.map((alert) => alert.name)).toStrictEqual(["Watchdog"]);
  });

  it("pass with the fleet-majority version check (no expectedVersion)", () => {
    const result = runPromtoolTests();
    expect(result.stdout + result.stderr).toContain("SUCCESS");
    expect(result.status, result.stdout + result.stderr).toBe(0);
  }, 300_000);

  it("pass with an expectedVersion set", () => {
    const result = runPromtoolTests(testSettings({ expectedVersion: "1.2.0" }), {
      only: (alert) => alert.name === "NodeUpgradeRequired",
    });
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });

  it("catch a wrong expectation: the assertions are live", () => {
    const result = runPromtoolTests(testSettings(), {
      only: (alert) => alert.name === "HighCPUUsage",
      edit: (tests) => tests.replace("on xai-node-1 is 80.1%", "on xai-node-1 is 80.2%"),
    });
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toContain("HighCPUUsage");
  });
});
