import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { inhibitRulesFor } from "../../components/alertmanager/inhibition";
import { stackDashboards } from "../../components/grafana/files";
import { dashboardJson } from "../../dashboards";
import { alertDefinitions, disabledInhibitionWarnings } from "../../rules";
import { RECORDING_GROUP } from "../../rules/recording";
import { renderPromtoolTests } from "../../rules/promtoolTests";
import { RULES_DIRECTORY, renderRuleFiles } from "../../rules/render";
import { runTool } from "../../harness/binaries";
import { settingsErrorOf, testSettings } from "../../harness/settings";
import { writeToTempDir } from "../support/ruleFiles";

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

/** The overrides of the issue, with thresholds only on alerts that have one to override. */
const OVERRIDES = {
  alerts: {
    LowHashrate: { enabled: false },
    LargeMempool: { threshold: 25_000, for: "20m" },
    LowPeerCount: { severity: "info" },
    NodeDown: { labels: { team: "nodes" } },
    NodeHeightBehindNetwork: { threshold: 12 },
  },
  networks: {
    testnet: { thresholds: { minPeers: 5, syncPercent: 80, blockTimeSeconds: 30 } },
    devnet: { thresholds: { syncPercent: 50 } },
  },
};

interface RuleYaml {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

function renderedAlerts(settings = testSettings(OVERRIDES)): RuleYaml[] {
  return renderRuleFiles(settings).flatMap((file) => {
    const content = parse(file.content) as { groups: { rules: (RuleYaml | { record: string })[] }[] };
    return content.groups.flatMap((group) => group.rules.filter((rule): rule is RuleYaml => "alert" in rule));
  });
}

describe("alert overrides in settings", () => {
  it("reject an unknown alert name, listing the valid names", () => {
    const error = settingsErrorOf(() => testSettings({ alerts: { LowHashRate: { enabled: false } } }));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(
      /^alerts\.LowHashRate: expected the name of an alert; valid names: .*LowHashrate/,
    );
    expect(error.problems[0]).toContain("NodeDown");
  });

  it("reject a field the alert does not have: a threshold on an alert without one, or an unknown key", () => {
    const threshold = settingsErrorOf(() =>
      testSettings({ alerts: { HighTransactionFees: { threshold: 25 } } }),
    );
    expect(threshold.problems[0]).toMatch(/^alerts\.HighTransactionFees\.threshold: expected no threshold/);
    expect(threshold.problems[0]).toContain("alerts with a threshold: ");
    expect(threshold.problems[0]).toContain("LowHashrate");
    const unknown = settingsErrorOf(() => testSettings({ alerts: { NodeDown: { treshold: 3 } } }));
    expect(unknown.problems).toStrictEqual([
      "alerts.NodeDown.treshold: unknown key; remove it or check its spelling",
    ]);
  });

  it("refuse routing-critical labels and bad values, naming the key", () => {
    const error = settingsErrorOf(() =>
      testSettings({
        alerts: { NodeDown: { labels: { severity: "info", node: "x" }, for: "soon", severity: "page" } },
        networks: { testnet: { thresholds: { minHashrate: -1, feeP75Xai: 3 } } },
      }),
    );
    const text = error.problems.join("\n");
    expect(text).toMatch(
      /alerts\.NodeDown\.labels\.severity: expected a label other than alertname, severity/,
    );
    expect(text).toMatch(/alerts\.NodeDown\.labels\.node: expected a label other than/);
    expect(text).toMatch(/alerts\.NodeDown\.for: expected a duration .*\(got "soon"\)/);
    expect(text).toMatch(/alerts\.NodeDown\.severity: expected critical, warning or info \(got "page"\)/);
    expect(text).toMatch(/networks\.testnet\.thresholds\.minHashrate: expected a positive number \(got -1\)/);
    expect(text).toContain("networks.testnet.thresholds.feeP75Xai: unknown key");
  });

  it("apply enabled, threshold, for, severity and labels to the rendered rules", () => {
    const rules = renderedAlerts();
    const named = (name: string) => rules.filter((rule) => rule.alert === name);
    expect(named("LowHashrate")).toHaveLength(0);
    expect(named("LargeMempool")).toMatchObject([{ for: "20m" }]);
    expect(named("LargeMempool")[0]?.expr).toMatch(/> 25000$/);
    expect(named("LargeMempool")[0]?.annotations.description).toContain("more than 25000 pending");
    expect(named("LowPeerCount").map((rule) => rule.labels.severity)).toStrictEqual(["info", "info"]);
    expect(named("NodeDown")[0]?.labels).toStrictEqual({
      team: "nodes",
      severity: "critical",
      service: "blockchain",
    });
    expect(named("NodeHeightBehindNetwork")[0]?.expr).toContain("> 12");
  });

  it("split a rule by network where a network's thresholds change it, and only there", () => {
    const rules = renderedAlerts();
    const sync = rules.filter((rule) => rule.alert === "LowSyncProgress").map((rule) => rule.expr);
    expect(sync).toStrictEqual([
      expect.stringMatching(/< 95\) unless on \(network\) up\{job="xai-node",network=~"testnet\|devnet"\}$/),
      expect.stringMatching(/< 80\) and on \(network\) up\{job="xai-node",network="testnet"\}$/),
      expect.stringMatching(/< 50\) and on \(network\) up\{job="xai-node",network="devnet"\}$/),
    ]);
    // blockTimeSeconds 30 on testnet: 10 minutes of blocks is 20, but the alert-wide threshold 12 wins.
    expect(rules.filter((rule) => rule.alert === "NodeHeightBehindNetwork")).toHaveLength(1);
    expect(rules.filter((rule) => rule.alert === "HighCPUUsage")).toHaveLength(1);
  });

  it("derive the lag threshold from a network's block time when no threshold is set", () => {
    const rules = renderedAlerts(
      testSettings({ networks: { testnet: { thresholds: { blockTimeSeconds: 30 } } } }),
    );
    const lag = rules.filter((rule) => rule.alert === "NodeHeightBehindNetwork").map((rule) => rule.expr);
    expect(lag).toStrictEqual([
      expect.stringMatching(/^\(node:xai_block_height:lag_blocks > 5\) unless/),
      expect.stringMatching(/^\(node:xai_block_height:lag_blocks > 20\) and on \(network\)/),
    ]);
  });

  it("move the dashboard colour threshold with an alert-wide threshold", () => {
    const threadSteps = (settings = testSettings()) => {
      const boards = stackDashboards(settings).map(
        (model) =>
          JSON.parse(dashboardJson(model)) as { panels?: { title?: string; fieldConfig?: unknown }[] },
      );
      const panel = boards
        .flatMap((board) => board.panels ?? [])
        .find((p) => p.title === "Process Thread Count");
      return JSON.stringify(panel?.fieldConfig);
    };
    expect(threadSteps()).toContain('{"value":1000,"color":"orange"}');
    const tuned = threadSteps(testSettings({ alerts: { HighThreadCount: { threshold: 2500 } } }));
    expect(tuned).toContain('{"value":2500,"color":"orange"}');
    expect(tuned).not.toContain('"value":1000');
  });

  it("drop a disabled alert from inhibition sources and targets, and report the dropped target", () => {
    const settings = testSettings({
      alerts: { LowBlockProductionRate: { enabled: false }, NoPeersConnected: { enabled: false } },
    });
    const rules = inhibitRulesFor(alertDefinitions(settings));
    const text = JSON.stringify(rules);
    expect(text).not.toContain("NoPeersConnected");
    expect(text).not.toContain("LowBlockProductionRate");
    expect(rules.find((rule) => rule.source_matchers.includes('alertname="ChainNotSynced"'))).toBeUndefined();
    expect(disabledInhibitionWarnings(settings)).toStrictEqual([
      "Alerts: NodeStuckWhileNetworkAdvances inhibits LowBlockProductionRate, which alerts.LowBlockProductionRate.enabled=false disables; that inhibition is dropped.",
      "Alerts: ChainNotSynced inhibits LowBlockProductionRate, which alerts.LowBlockProductionRate.enabled=false disables; that inhibition is dropped.",
    ]);
    expect(disabledInhibitionWarnings(testSettings())).toStrictEqual([]);
  });

  it("pass promtool test rules with every fire and quiet case at the effective values", () => {
    const settings = testSettings(OVERRIDES);
    const files = renderRuleFiles(settings);
    const { dir, cleanup } = writeToTempDir(files);
    cleanups.push(cleanup);
    const changed = new Set([
      "LargeMempool",
      "LowPeerCount",
      "NodeDown",
      "NodeHeightBehindNetwork",
      "LowSyncProgress",
    ]);
    const alerts = alertDefinitions(settings).filter((alert) => changed.has(alert.name));
    const titles = alerts.flatMap((alert) => alert.cases.map((example) => `${alert.name}: ${example.title}`));
    expect(titles).toContain("LargeMempool: 25001 pending (above 25000) fires");
    expect(titles).toContain("LowSyncProgress: 79.9% (below 80) fires (network testnet)");
    expect(titles).toContain("LowSyncProgress: exactly 50% stays quiet (network devnet)");
    expect(titles).toContain("LowPeerCount: 4 peers (below 5) fires (network testnet)");
    const testFiles = [...new Set(alerts.map((alert) => alert.group))].map((group) => {
      const name = `tests-${group}.yml`;
      const tests = renderPromtoolTests(
        alerts.filter((alert) => alert.group === group),
        [`${RULES_DIRECTORY}/${RECORDING_GROUP}.yml`, `${RULES_DIRECTORY}/${group}.yml`],
      );
      writeFileSync(join(dir, name), tests);
      return name;
    });
    const result = runTool("promtool", ["test", "rules", ...testFiles], { cwd: dir, timeoutMs: 200_000 });
    expect(result.stdout + result.stderr).not.toContain("FAILED");
    expect(result.status, result.stdout + result.stderr).toBe(0);
  }, 240_000);

  it("fail in promtool when a case does not match the effective threshold (the run is live)", () => {
    const settings = testSettings({ alerts: { LargeMempool: { threshold: 25_000 } } });
    const { dir, cleanup } = writeToTempDir(renderRuleFiles(settings));
    cleanups.push(cleanup);
    const defaults = alertDefinitions(testSettings()).filter((alert) => alert.name === "LargeMempool");
    writeFileSync(
      join(dir, "tests.yml"),
      renderPromtoolTests(defaults, [
        `${RULES_DIRECTORY}/${RECORDING_GROUP}.yml`,
        `${RULES_DIRECTORY}/transactions.yml`,
      ]),
    );
    const result = runTool("promtool", ["test", "rules", "tests.yml"], { cwd: dir, timeoutMs: 120_000 });
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toContain("LargeMempool: 10001 pending (above 10000) fires");
  }, 150_000);
});
