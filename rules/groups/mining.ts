import type { AlertGroupSettings, AlertSpec, InputSeries } from "../types";
import { QUIET, firesWith, humanize, thresholdCases, xaiSeries } from "../cases";
import { gauge, maxByNode } from "../promql";
import { RECORDED } from "../recordingNames";
import type { Thresholds } from "../../settings/thresholds";

function attempts(perMinute: number, successesPerMinute: number): InputSeries[] {
  return [
    xaiSeries("xai_mining_attempts_total", `0+${perMinute}x40`),
    xaiSeries("xai_mining_success_total", `0+${successesPerMinute}x40`),
  ];
}

export function miningAlerts(_settings: AlertGroupSettings, T: Thresholds): readonly AlertSpec[] {
  return [
    {
      name: "LowHashrate",
      expr: `${maxByNode(gauge("xai_mining_hashrate"))} < ${T.minHashrate}`,
      for: "10m",
      severity: "warning",
      service: "mining",
      value: "number",
      summary: (v) => `Low hashrate on ${v.node}: ${v.value} H/s`,
      description: (v) =>
        `Node ${v.node} (${v.network}) has mined at ${v.value} H/s for 10 minutes, below ${T.minHashrate} H/s.`,
      cases: thresholdCases({
        metric: "xai_mining_hashrate",
        threshold: T.minHashrate,
        beyond: "below",
        step: T.minHashrate / 1000,
        valueText: humanize,
        unit: " H/s",
        at: "15m",
      }),
    },
    {
      name: "MiningFailureRate",
      expr: `${RECORDED.miningFailureRatio} > ${T.miningFailureRatio}`,
      for: "15m",
      severity: "warning",
      service: "mining",
      value: "ratio",
      summary: (v) => `${v.value} of mining attempts fail on ${v.node}`,
      description: (v) =>
        `${v.value} of the mining attempts of node ${v.node} (${v.network}) over the last 15 minutes did not succeed (threshold ${T.miningFailureRatio * 100}%).`,
      cases: [
        { title: "51% failures fires", input: attempts(100, 49), at: "35m", fires: firesWith("51%") },
        { title: "49% failures stays quiet", input: attempts(100, 51), at: "35m", fires: QUIET },
      ],
    },
  ];
}
