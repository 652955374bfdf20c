import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOG } from "../../metrics";
import { sloRecordingRules } from "../../rules/slos";
import { alertDefinitions, recordingRules } from "../../rules";
import { promqlParser } from "../support/promqlParser";
import { testSettings } from "../../harness/settings";

const RUNBOOKS = join(__dirname, "../../docs/runbooks");
const alerts = alertDefinitions(testSettings());
const runbookNames = readdirSync(RUNBOOKS)
  .filter((file) => file.endsWith(".md"))
  .map((file) => file.replace(/\.md$/, ""));
const read = (name: string): string => readFileSync(join(RUNBOOKS, `${name}.md`), "utf8");
const DASHBOARD_UIDS = ["xai-blockchain-overview", "xai-node-health", "xai-transaction-metrics", "xai-slo"];
const SECTIONS = [
  "## Meaning",
  "## Likely causes",
  "## Impact",
  "## Diagnose",
  "## Fix",
  "## Escalate",
  "## Why `for:",
];

function promqlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```promql\n([\s\S]*?)\n```/g)].map((match) => match[1] ?? "");
}

describe("runbooks", () => {
  it("exist for every alert, and every runbook belongs to an alert", () => {
    expect([...runbookNames].sort()).toStrictEqual(alerts.map((alert) => alert.name).sort());
  });

  it("explain meaning, impact, diagnosis, fix, escalation and the chosen for: duration", () => {
    for (const alert of alerts) {
      const text = read(alert.name);
      for (const section of SECTIONS) expect(text, `${alert.name} lacks ${section}`).toContain(section);
      expect(text, alert.name).toContain(`\`for: ${alert.for}\``);
      expect(
        DASHBOARD_UIDS.some((uid) => text.includes(`/d/${uid}`)),
        `${alert.name} names no dashboard`,
      ).toBe(true);
    }
  });

  it("quote the alert's current expression exactly", () => {
    const stale = alerts.filter((alert) => !promqlBlocks(read(alert.name)).includes(alert.expr));
    expect(stale.map((alert) => alert.name)).toStrictEqual([]);
  });

  it("give only PromQL that parses and names catalog series or our recording rules", () => {
    const known = new Set<string>([
      ...CATALOG.keys(),
      ...recordingRules().map((rule) => rule.record),
      ...sloRecordingRules(testSettings()).map((rule) => rule.record),
    ]);
    const problems: string[] = [];
    for (const name of runbookNames) {
      const blocks = promqlBlocks(read(name));
      expect(blocks.length, name).toBeGreaterThanOrEqual(2);
      for (const query of blocks) {
        const cursor = promqlParser.parse(query).cursor();
        do {
          if (cursor.type.isError) problems.push(`${name}: cannot parse ${query}`);
          if (cursor.name === "VectorSelector") {
            const identifier = cursor.node.getChild("Identifier");
            const metric = identifier ? query.slice(identifier.from, identifier.to) : "";
            if (!known.has(metric)) problems.push(`${name}: unknown metric ${metric}`);
          }
        } while (cursor.next());
      }
    }
    expect(problems).toStrictEqual([]);
  });
});
