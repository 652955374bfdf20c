import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { alertDefinitions } from "../../../rules";
import { renderPromtoolTests } from "../../../rules/promtoolTests";
import { RULES_DIRECTORY, SLO_GROUP, renderRuleFiles } from "../../../rules/render";
import {
  BURN_ALERTS,
  SLO_DEFINITIONS,
  SLO_NAMES,
  SLO_RECORDED,
  SLO_TEST_EVALUATION_INTERVAL,
  burnAlertName,
  sloRecordingRules,
  type SloName,
} from "../../../rules/slos";
import { runTool } from "../../../harness/binaries";
import { settingsErrorOf, testSettings } from "../../../harness/settings";
import { writeToTempDir } from "../../support/ruleFiles";

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

/** Settings with only `name` enabled, so each promtool run evaluates that SLO's rules alone. */
function onlySlo(name: SloName, overrides: Record<string, unknown> = {}) {
  const slos = Object.fromEntries(SLO_NAMES.map((other) => [other, { enabled: other === name }]));
  return testSettings({ slos: { ...slos, [name]: { enabled: true, ...overrides } } });
}

function promtoolSloTests(
  settings: ReturnType<typeof testSettings>,
  edit = (tests: string) => tests,
  onlyPages = false,
) {
  const { dir, cleanup } = writeToTempDir(renderRuleFiles(settings));
  cleanups.push(cleanup);
  const alerts = alertDefinitions(settings).filter(
    (alert) => alert.group === SLO_GROUP && (!onlyPages || alert.severity === "critical"),
  );
  const tests = renderPromtoolTests(
    alerts,
    [`${RULES_DIRECTORY}/${SLO_GROUP}.yml`],
    SLO_TEST_EVALUATION_INTERVAL,
  );
  writeFileSync(join(dir, "tests-slo.yml"), edit(tests));
  return runTool("promtool", ["test", "rules", "tests-slo.yml"], { cwd: dir, timeoutMs: 600_000 });
}

describe("SLO settings", () => {
  it("default to every SLO enabled over 30 days", () => {
    const { slos } = testSettings();
    expect(slos.apiAvailability).toStrictEqual({ objective: 99.5, window: "30d", enabled: true });
    expect(Object.keys(slos).sort()).toStrictEqual([...SLO_NAMES].sort());
  });

  it.each([
    [100, "100 leaves no error budget"],
    [0.999, "looks like a ratio, give it as a percentage (0.999 is 99.9)"],
    [0, "expected a percentage above 1 and below 100"],
    [-5, "expected a percentage above 1 and below 100"],
  ])("reject objective %s naming the key, the form and the value", (objective, message) => {
    const error = settingsErrorOf(() => testSettings({ slos: { apiAvailability: { objective } } }));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toContain("slos.apiAvailability.objective: ");
    expect(error.problems[0]).toContain(message);
    expect(error.problems[0]).toContain(`(got ${String(objective)})`);
  });

  it("reject a window other than 28d or 30d and unknown SLOs", () => {
    const error = settingsErrorOf(() =>
      testSettings({ slos: { inSync: { window: "7d" }, latency: { objective: 99 } } }),
    );
    expect(error.problems).toStrictEqual([
      'slos.inSync.window: expected 28d or 30d (got "7d")',
      "slos.latency: unknown key; remove it or check its spelling",
    ]);
  });

  it("drive the rules: a disabled SLO has none, the window sets the budget's days", () => {
    const settings = onlySlo("inSync", { window: "28d", objective: 99.9 });
    const rules = sloRecordingRules(settings);
    expect(rules.filter((rule) => rule.expr.includes('"api-availability"'))).toStrictEqual([]);
    const days = rules.find((rule) => rule.record === SLO_RECORDED.windowDays);
    expect(days?.expr).toContain("vector(28)");
    const objective = rules.find((rule) => rule.record === SLO_RECORDED.objective);
    expect(objective?.expr).toContain("vector(0.999)");
    const names = alertDefinitions(settings)
      .filter((alert) => alert.group === SLO_GROUP)
      .map((alert) => alert.name);
    expect(names).toStrictEqual(["InSyncErrorBudgetFastBurn", "InSyncErrorBudgetSlowBurn"]);
  });
});

describe("SLO rules", () => {
  const alerts = alertDefinitions(testSettings()).filter((alert) => alert.group === SLO_GROUP);

  it("page (critical) and ticket (warning) per SLO, the page silencing the ticket", () => {
    for (const { name } of SLO_DEFINITIONS.map((definition) => ({ name: definition }))) {
      const page = alerts.find((alert) => alert.name === burnAlertName(name, "page"));
      const ticket = alerts.find((alert) => alert.name === burnAlertName(name, "ticket"));
      expect(page?.severity).toBe("critical");
      expect(ticket?.severity).toBe("warning");
      expect(page?.inhibits).toStrictEqual([ticket?.name]);
      for (const pair of [...BURN_ALERTS.page.pairs, ...BURN_ALERTS.ticket.pairs]) {
        const alert = BURN_ALERTS.page.pairs.some((candidate) => candidate === pair) ? page : ticket;
        expect(alert?.expr).toContain(`${SLO_RECORDED.errorRatio[pair.long]}{slo="${name.label}"}`);
        expect(alert?.expr).toContain(`${SLO_RECORDED.errorRatio[pair.short]}{slo="${name.label}"}`);
        expect(alert?.expr).toContain(`> ${String(pair.burnRate)}`);
      }
    }
  });

  it("give every burn alert examples at, below and after each pair's rate", () => {
    for (const alert of alerts) {
      expect(alert.cases.filter((example) => example.fires.length > 0)).toHaveLength(2);
      expect(alert.cases.filter((example) => example.fires.length === 0)).toHaveLength(3);
      expect(alert.cases.some((example) => example.title.includes("recovered"))).toBe(true);
    }
  });

  // Each SLO alone: the 3-day ticket examples dominate the run time.
  it.each(SLO_NAMES)(
    "pass promtool test rules for %s (fires at each rate, quiet just below, quiet after recovery)",
    (name) => {
      const result = promtoolSloTests(onlySlo(name));
      expect(result.stdout + result.stderr).toContain("SUCCESS");
      expect(result.status, result.stdout + result.stderr).toBe(0);
    },
    600_000,
  );

  it("catch a wrong expectation: the SLO assertions are live", () => {
    const result = promtoolSloTests(
      onlySlo("apiAvailability", { objective: 99.9 }),
      (tests) => tests.replace(/in the last 1h\./, "in the last 2h."),
      true,
    );
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toContain("APIAvailabilityErrorBudget");
  }, 600_000);
});
