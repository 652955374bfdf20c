import type { AlertGroupSettings, AlertSpec, InputSeries } from "../types";
import { QUIET, firesWith, xaiSeries, xaiSeriesCases } from "../cases";
import { increase, sumByNode } from "../promql";
import { RECORDED } from "../recordingNames";
import type { Thresholds } from "../../settings/thresholds";

function failures(blockPerMinute: number, transactionPerMinute: number): InputSeries[] {
  return [
    xaiSeries("xai_validation_failures_total", `0+${blockPerMinute}x30`, { validation_type: "block" }),
    xaiSeries("xai_validation_failures_total", `0+${transactionPerMinute}x30`, {
      validation_type: "transaction",
    }),
  ];
}

export function validationAlerts(_settings: AlertGroupSettings, T: Thresholds): readonly AlertSpec[] {
  return [
    {
      name: "HighValidationFailures",
      expr: `${RECORDED.validationFailureRate} > ${T.validationFailuresPerSecond}`,
      for: "5m",
      severity: "warning",
      service: "validation",
      value: "perSecond",
      summary: (v) => `Validation failures on ${v.node}: ${v.value}`,
      description: (v) =>
        `Node ${v.node} (${v.network}) rejects ${v.value} blocks or transactions in validation, above ${T.validationFailuresPerSecond}/s.`,
      cases: [
        {
          title: "7 per minute (0.12/s) fires",
          input: failures(4, 3),
          at: "15m",
          fires: firesWith("0.12/s"),
        },
        { title: "5 per minute (0.08/s) stays quiet", input: failures(3, 2), at: "15m", fires: QUIET },
      ],
    },
    {
      name: "ValidationErrors",
      expr: `${sumByNode(increase("xai_validation_errors_total", "5m"))} > 0`,
      for: "0s",
      severity: "warning",
      service: "validation",
      value: "count",
      summary: (v) => `${v.value} validation error(s) on ${v.node}`,
      description: (v) =>
        `Node ${v.node} (${v.network}) hit ${v.value} internal validation error(s) in the last 5 minutes.`,
      edgeBase: "no errors stays quiet",
      cases: xaiSeriesCases(
        "xai_validation_errors_total",
        [
          { title: "an error 2 minutes ago fires", values: "0x9 1x30", at: "12m", fires: firesWith("1") },
          { title: "an error 6 minutes ago no longer fires", values: "0x9 1x30", at: "16m", fires: QUIET },
          { title: "no errors stays quiet", values: "0x30", at: "16m", fires: QUIET },
        ],
        { error_category: "signature" },
      ),
    },
  ];
}
