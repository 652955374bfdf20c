/** PromQL for the dashboards: every selector is scoped by the dashboard variables and names a known series. */
import type * as common from "@grafana/grafana-foundation-sdk/common";
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import { XAI_JOB, type XaiCounter, type XaiGauge, type XaiHistogram } from "../metrics";
import { LATENCY_QUANTILES, type BUCKET_RATE, type RecordingRuleName } from "../rules/recording";

type BucketRateRule = (typeof BUCKET_RATE)[keyof typeof BUCKET_RATE];

/** The dashboard variables every dashboard declares and every query applies. */
export const VARIABLES = { datasource: "datasource", network: "network", node: "node" } as const;

/** Panels and queries use whichever Prometheus the `datasource` variable selects. */
export const DATASOURCE: common.DataSourceRef = { type: "prometheus", uid: `\${${VARIABLES.datasource}}` };

/** Matchers that scope a query to the selected networks and nodes. */
export const SCOPE = `network=~"$${VARIABLES.network}", node=~"$${VARIABLES.node}"`;

/** Every series an XAI node exposes (the contract's counters, gauges and histogram parts). */
export type XaiSeries = XaiCounter | XaiGauge | `${XaiHistogram}_${"bucket" | "sum" | "count"}`;

/** Selects one XAI node series, scoped to the XAI job and the dashboard variables. */
export function xai(series: XaiSeries, extraMatchers = ""): string {
  const extra = extraMatchers === "" ? "" : `, ${extraMatchers}`;
  return `${series}{job="${XAI_JOB}", ${SCOPE}${extra}}`;
}

/**
 * Selects a recording rule's output. Recording rules keep the node and network labels but may drop job,
 * so only the variables scope them.
 */
export function recorded(rule: RecordingRuleName, extraMatchers = ""): string {
  const extra = extraMatchers === "" ? "" : `, ${extraMatchers}`;
  return `${rule}{${SCOPE}${extra}}`;
}

/** Series Prometheus writes itself (not exported by any target), used by variables and annotations. */
export const PROMETHEUS_SERIES = ["up", "ALERTS"] as const;

export function query(expr: string, legend: string): prometheus.DataqueryBuilder {
  return new prometheus.DataqueryBuilder().datasource(DATASOURCE).expr(expr).legendFormat(legend);
}

/**
 * p50, p95 and p99 across the selected nodes, from the recorded per-node bucket rates the latency alerts
 * also read: summed `by (le)` first, so the quantiles stay exact for any node selection.
 */
export function quantileQueries(bucketRate: BucketRateRule): prometheus.DataqueryBuilder[] {
  return Object.entries(LATENCY_QUANTILES).map(([name, quantile]) =>
    query(`histogram_quantile(${String(quantile)}, sum by (le) (${recorded(bucketRate)}))`, name),
  );
}

/** Bucket counts over the dashboard's time range, one bar per bucket bound. */
export function bucketDistributionQuery(histogram: XaiHistogram): prometheus.DataqueryBuilder {
  return query(`sum by (le) (increase(${xai(`${histogram}_bucket`)}[$__range]))`, "{{le}}")
    .format(prometheus.PromQueryFormat.Heatmap)
    .instant();
}
