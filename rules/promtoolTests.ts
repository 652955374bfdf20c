import { basename, extname } from "node:path";
import { stringify } from "yaml";
import type { AlertRule } from "./types";

/**
 * Renders the typed examples beside each alert into a `promtool test rules` file: one test group per
 * case, asserting the exact labels and annotations Prometheus produces. Each rule file holds one group
 * named like the file; groups are evaluated in the order of `ruleFiles`.
 */
export function renderPromtoolTests(
  alerts: readonly AlertRule[],
  ruleFiles: readonly string[],
  evaluationInterval = "1m",
): string {
  // promtool evaluates groups in map order unless told; the recorded series an alert reads must be fresh.
  const groupEvalOrder = ruleFiles.map((file) => basename(file, extname(file)));
  const tests = alerts.flatMap((alert) =>
    alert.cases.map((example) => ({
      name: `${alert.name}: ${example.title}`,
      interval: example.interval ?? "1m",
      input_series: example.input.map((input) => ({ series: input.series, values: input.values })),
      alert_rule_test: [
        {
          eval_time: example.at,
          alertname: alert.name,
          exp_alerts: example.fires.map((expected) => ({
            exp_labels: {
              ...expected.labels,
              ...alert.labels,
              severity: alert.severity,
              service: alert.service,
            },
            exp_annotations: alert.annotate(expected.labels, expected.value),
          })),
        },
      ],
    })),
  );
  return stringify(
    {
      rule_files: [...ruleFiles],
      evaluation_interval: evaluationInterval,
      group_eval_order: groupEvalOrder,
      tests,
    },
    { lineWidth: 0 },
  );
}
