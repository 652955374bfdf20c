import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { alertDefinitions, NODE_LABELS } from "../../rules";
import { renderRuleFiles } from "../../rules/render";
import { ALERT_SERVICES, SEVERITIES } from "../../settings/names";
import { testSettings } from "../../harness/settings";

interface RuleFile {
  groups: { name: string; rules: Record<string, unknown>[] }[];
}

const BASE = "https://runbooks.example.org/xai";
const settings = testSettings({ runbookBaseUrl: BASE });
const alerts = alertDefinitions(settings);

describe("renderRuleFiles", () => {
  const files = renderRuleFiles(settings);

  it("writes one rules/<group>.yml per group holding that group only", () => {
    for (const file of files) {
      const parsed = parse(file.content) as RuleFile;
      expect(parsed.groups).toHaveLength(1);
      expect(file.relativePath).toBe(`rules/${parsed.groups[0]!.name}.yml`);
    }
    const alertGroups = new Set(alerts.map((alert) => alert.group));
    expect(files.map((file) => file.relativePath).sort()).toStrictEqual(
      [...alertGroups, "recording"].map((group) => `rules/${group}.yml`).sort(),
    );
  });

  it("renders each alert with severity and service labels and a runbook under the configured base URL", () => {
    const rendered = files.flatMap((file) => (parse(file.content) as RuleFile).groups[0]!.rules);
    const alerting = rendered.filter((rule) => "alert" in rule);
    expect(alerting).toHaveLength(alerts.length);
    for (const rule of alerting) {
      const name = String(rule.alert);
      expect(rule.labels).toStrictEqual({
        severity: expect.toBeOneOf([...SEVERITIES]) as unknown,
        service: expect.toBeOneOf([...ALERT_SERVICES]) as unknown,
      });
      expect((rule.annotations as Record<string, string>).runbook_url).toBe(`${BASE}/${name}.md`);
    }
  });
});

describe("alert definitions", () => {
  it("have unique names", () => {
    expect(new Set(alerts.map((alert) => alert.name)).size).toBe(alerts.length);
  });

  it("inhibit only alerts that exist, never themselves", () => {
    const names = new Set(alerts.map((alert) => alert.name));
    for (const alert of alerts) {
      if (alert.inhibits === "all-on-node") continue;
      for (const target of alert.inhibits) {
        expect(names.has(target), `${alert.name} inhibits ${target}`).toBe(true);
        expect(target).not.toBe(alert.name);
      }
    }
    expect(alerts.find((alert) => alert.name === "NodeDown")?.inhibits).toBe("all-on-node");
    expect(alerts.find((alert) => alert.name === "CriticalCPUUsage")?.inhibits).toStrictEqual([
      "HighCPUUsage",
    ]);
  });

  it("name the node in summary and description of every per-node alert, and show the value in the description", () => {
    const valueless = new Set(["NodeUpgradeRequired", "Watchdog"]);
    for (const alert of alerts) {
      const perNode = alert.cases.some((example) =>
        example.fires.some((fired) => NODE_LABELS.every((label) => label in fired.labels)),
      );
      if (perNode) {
        expect(alert.summary, alert.name).toContain("{{ $labels.node }}");
        expect(alert.description, alert.name).toContain("{{ $labels.node }}");
      }
      if (!valueless.has(alert.name)) expect(alert.description, alert.name).toContain("$value");
    }
  });
});
