import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { histogramBuckets } from "../../metrics";
import { alertDefinitions, type AlertRule } from "../../rules";
import { QUIET, nodeLabels, xaiHistogram } from "../../rules/cases";
import { histogramQuantile } from "../../rules/promql";
import { RECORDING_GROUP } from "../../rules/recording";
import { RULES_DIRECTORY, renderRuleFiles } from "../../rules/render";
import { THRESHOLDS } from "../../settings/thresholds";
import { runTool } from "../../harness/binaries";
import { writeToTempDir } from "../support/ruleFiles";
import { testSettings } from "../../harness/settings";

/**
 * The fee buckets end at 10 XAI and the API-duration buckets at 5 s. When every observation lies above
 * the top finite bound, histogram_quantile returns that bound, so `histogram_quantile(...) > bound` can
 * never fire. These promtool tests show the quantile form staying silent on exactly that input while the
 * bucket-count form our rules use fires.
 */

const settings = testSettings();
const alerts = alertDefinitions(settings);
const alert = (name: string): AlertRule => alerts.find((candidate) => candidate.name === name)!;
const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

const feeQuantile = histogramQuantile(0.75, "xai_transaction_fee_xai", "15m");
const apiQuantile = histogramQuantile(0.95, "xai_api_request_duration_seconds", "5m");

const naiveRules = {
  groups: [
    {
      name: "naive-quantile-form",
      rules: [
        { alert: "FeeQuantileForm", expr: `${feeQuantile} > ${THRESHOLDS.feeP75Xai}` },
        { alert: "ApiQuantileForm", expr: `${apiQuantile} > ${THRESHOLDS.apiP95Seconds}` },
      ],
    },
  ],
};

function firing(rule: AlertRule, valueText: string) {
  return [
    {
      exp_labels: { ...nodeLabels(), severity: rule.severity, service: rule.service },
      exp_annotations: rule.annotate(nodeLabels(), valueText),
    },
  ];
}

function proofTest(
  name: string,
  input: ReturnType<typeof xaiHistogram>,
  quantileExpr: string,
  bound: number,
  naive: string,
  real: AlertRule,
) {
  return {
    name,
    interval: "1m",
    input_series: input,
    promql_expr_test: [
      {
        expr: quantileExpr,
        eval_time: "40m",
        exp_samples: [{ labels: '{network="mainnet",node="xai-node-1"}', value: bound }],
      },
    ],
    alert_rule_test: [
      { eval_time: "40m", alertname: naive, exp_alerts: QUIET },
      { eval_time: "40m", alertname: real.name, exp_alerts: firing(real, "100%") },
    ],
  };
}

describe("thresholds at the top finite bucket bound", () => {
  it("cannot fire as histogram_quantile, but fire when counted from the buckets (promtool test rules)", () => {
    const files = renderRuleFiles(settings);
    const { dir, cleanup } = writeToTempDir([
      ...files,
      { relativePath: "naive.yml", content: stringify(naiveRules) },
    ]);
    cleanups.push(cleanup);
    const tests = {
      rule_files: [
        `${RULES_DIRECTORY}/${RECORDING_GROUP}.yml`,
        `${RULES_DIRECTORY}/transactions.yml`,
        `${RULES_DIRECTORY}/api.yml`,
        "naive.yml",
      ],
      evaluation_interval: "1m",
      tests: [
        proofTest(
          "every fee above 10 XAI",
          xaiHistogram("xai_transaction_fee_xai", [["+Inf", 100]]),
          feeQuantile,
          THRESHOLDS.feeP75Xai,
          "FeeQuantileForm",
          alert("HighTransactionFees"),
        ),
        proofTest(
          "every API request slower than 5s",
          xaiHistogram("xai_api_request_duration_seconds", [["+Inf", 100]], {
            labels: { endpoint: "/blocks", method: "GET" },
          }),
          apiQuantile,
          THRESHOLDS.apiP95Seconds,
          "ApiQuantileForm",
          alert("SlowAPIResponses"),
        ),
      ],
    };
    writeFileSync(join(dir, "proof.yml"), stringify(tests, { lineWidth: 0 }));
    const result = runTool("promtool", ["test", "rules", "proof.yml"], { cwd: dir });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain("SUCCESS");
  });

  it("are exactly the top finite bounds of the fee and API-duration histograms", () => {
    expect(histogramBuckets("xai_transaction_fee_xai").at(-1)).toBe(THRESHOLDS.feeP75Xai);
    expect(histogramBuckets("xai_api_request_duration_seconds").at(-1)).toBe(THRESHOLDS.apiP95Seconds);
  });
});
