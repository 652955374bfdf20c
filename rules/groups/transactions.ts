import type { AlertGroupSettings, AlertSpec } from "../types";
import { QUIET, firesWith, thresholdCases, xaiHistogram, xaiSeries, xaiUp } from "../cases";
import { fractionAbove, gauge, maxByNode, whileNodeUp } from "../promql";
import { RECORDED } from "../recordingNames";
import type { Thresholds } from "../../settings/thresholds";

function transactions(confirmedPerMinute: number, failedPerMinute: number): ReturnType<typeof xaiSeries>[] {
  return [
    xaiSeries("xai_transactions_total", `0+${confirmedPerMinute}x30`, { status: "confirmed" }),
    xaiSeries("xai_transactions_total", `0+${failedPerMinute}x30`, { status: "failed" }),
  ];
}

export function transactionAlerts(_settings: AlertGroupSettings, T: Thresholds): readonly AlertSpec[] {
  return [
    {
      name: "LargeMempool",
      expr: `${maxByNode(gauge("xai_transaction_pool_size"))} > ${T.mempoolTransactions}`,
      for: "10m",
      severity: "warning",
      service: "transactions",
      value: "count",
      summary: (v) => `Mempool of ${v.node} holds ${v.value} transactions`,
      description: (v) =>
        `Node ${v.node} (${v.network}) has had more than ${T.mempoolTransactions} pending transactions for 10 minutes; now ${v.value}.`,
      cases: thresholdCases({
        metric: "xai_transaction_pool_size",
        threshold: T.mempoolTransactions,
        beyond: "above",
        step: 1,
        valueText: (pending) => pending.toFixed(0),
        unit: " pending",
        at: "15m",
      }),
    },
    {
      // The fee buckets end at 10 XAI, so histogram_quantile(0.75, ...) can never exceed 10: count instead.
      name: "HighTransactionFees",
      expr: `${fractionAbove("xai_transaction_fee_xai", T.feeP75Xai, "15m")} > 0.25`,
      for: "10m",
      severity: "warning",
      service: "transactions",
      value: "ratio",
      summary: (v) => `Transaction fees are high on ${v.node}: ${v.value} pay over ${T.feeP75Xai} XAI`,
      description: (v) =>
        `On node ${v.node} (${v.network}), ${v.value} of transactions in the last 15 minutes paid more than ${T.feeP75Xai} XAI, so the 75th-percentile fee is above ${T.feeP75Xai} XAI.`,
      cases: [
        {
          title: "26% of fees above 10 XAI fires",
          input: xaiHistogram("xai_transaction_fee_xai", [
            [1, 74],
            ["+Inf", 26],
          ]),
          at: "30m",
          fires: firesWith("26%"),
        },
        {
          title: "24% of fees above 10 XAI stays quiet",
          input: xaiHistogram("xai_transaction_fee_xai", [
            [1, 76],
            ["+Inf", 24],
          ]),
          at: "30m",
          fires: QUIET,
        },
      ],
    },
    {
      name: "LowTransactionThroughput",
      expr: whileNodeUp(`${RECORDED.tps} < ${T.minTransactionsPerSecond}`),
      for: "10m",
      severity: "warning",
      service: "transactions",
      value: "perSecond",
      summary: (v) => `Low transaction throughput on ${v.node}: ${v.value}`,
      description: (v) =>
        `Node ${v.node} (${v.network}) has processed ${v.value} transactions across all statuses for 10 minutes, below ${T.minTransactionsPerSecond}/s.`,
      cases: [
        {
          title: "0.90 tx/s across statuses fires",
          input: [...transactions(27, 27), xaiUp("1x30")],
          at: "20m",
          fires: firesWith("0.90/s"),
        },
        {
          title: "1.10 tx/s stays quiet",
          input: [...transactions(33, 33), xaiUp("1x30")],
          at: "20m",
          fires: QUIET,
        },
        {
          title: "node down stays quiet (NodeDown covers it)",
          input: [...transactions(27, 27), xaiUp("0x30")],
          at: "20m",
          fires: QUIET,
        },
      ],
    },
  ];
}
