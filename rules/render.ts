import { stringify } from "yaml";
import type { RenderedFile } from "./rendered";
import type { StackSettings } from "../settings";
import type { AlertRule } from "./types";
import { ALERT_GROUPS, alertDefinitions } from "./index";
import { RECORDING_GROUP, recordingRules } from "./recording";
import { sloRecordingRules } from "./slos/rules";

export const RULES_DIRECTORY = "rules";
export const SLO_GROUP = "slo";

function ruleFile(group: string, rules: readonly object[]): RenderedFile {
  return {
    relativePath: `${RULES_DIRECTORY}/${group}.yml`,
    content: stringify({ groups: [{ name: group, rules }] }, { lineWidth: 0, aliasDuplicateObjects: false }),
  };
}

function alertingRule(alert: AlertRule): object {
  return {
    alert: alert.name,
    expr: alert.expr,
    for: alert.for,
    labels: { ...alert.labels, severity: alert.severity, service: alert.service },
    annotations: { summary: alert.summary, description: alert.description, runbook_url: alert.runbookUrl },
  };
}

/** Prometheus rule files, one per group, as `rules/<group>.yml`. Mounted at /etc/prometheus/rules. */
export function renderRuleFiles(settings: StackSettings): RenderedFile[] {
  const alerts = alertDefinitions(settings);
  return [
    ruleFile(
      RECORDING_GROUP,
      recordingRules().map((rule) => ({ record: rule.record, expr: rule.expr })),
    ),
    ...Object.keys(ALERT_GROUPS).map((group) =>
      ruleFile(group, [
        // The SLO alerts read their own recording rules, evaluated first in the same group.
        ...(group === SLO_GROUP
          ? sloRecordingRules(settings).map(({ record, expr, labels }) => ({
              record,
              expr,
              ...(labels ? { labels } : {}),
            }))
          : []),
        ...alerts.filter((alert) => alert.group === group).map(alertingRule),
      ]),
    ),
  ];
}
