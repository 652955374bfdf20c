/** PromQL for the dashboards: every selector is scoped by the dashboard variables and names a known series. */
import type * as common from "@grafana/grafana-foundation-sdk/common";
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import { XAI_JOB, type XaiCounter, type XaiGauge, type XaiHistogram } from "../metrics";
import {
  BUCKET_RATE,
  FLEET_BUCKET_RATE,
  LATENCY_QUANTILES,
  type RecordingRuleName,
} from "../rules/recordingNames";

/** The dashboard variables every dashboard declares and every query applies. */
export const VARIABLES = { datasource: "datasource", network: "network", node: "node" } as const;

/** Panels and queries use whichever Prometheus the `datasource` variable selects. */
export const DATASOURCE: common.DataSourceRef = { type: "prometheus", uid: `\${${VARIABLES.datasource}}` };

/** Matchers that scope a query to the selected networks and nodes. */
export const SCOPE = `network=~"$${VARIABLES.network}", node=~"$${VARIABLES.node}"`;

/** Every series an XAI node exposes (the contract's counters, gauges and histogram parts). */
export type XaiSeries =
  XaiCounter | XaiGauge | "xai_node_info" | `${XaiHistogram}_${"bucket" | "sum" | "count"}`;

/** Selects one XAI node series, scoped to the XAI job and the dashboard variables. */
export function xai(series: XaiSeries, extraMatchers = ""): string {
  const extra = extraMatchers === "" ? "" : `, ${extraMatchers}`;
  return `${series}{job="${XAI_JOB}", ${SCOPE}${extra}}`;
}

/** `up` of the XAI node targets, scoped to the dashboard variables. */
export function xaiUp(): string {
  return `up{job="${XAI_JOB}", ${SCOPE}}`;
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
 * A label no series carries. Its value is empty, which `=~"$node"` matches only for the All value (".*"):
 * the matcher `!~"$node"` keeps a selector's series when nodes are picked and drops them all at All.
 */
const UNSET_LABEL = "unset_label";

/**
 * p50, p95 and p99 across the selected nodes, exact for any selection. At All (".*") the recorded
 * per-network bucket rates answer (no node label, which ".*" matches), one series per `le` and network;
 * when nodes are picked, the per-node bucket rates the latency alerts also read, summed `by (le)`. Each
 * side is empty when the other answers, so a load reads one of them.
 */
export function quantileQueries(histogram: keyof typeof BUCKET_RATE): prometheus.DataqueryBuilder[] {
  const perNetwork = recorded(FLEET_BUCKET_RATE[histogram]);
  const perNode = recorded(BUCKET_RATE[histogram], `${UNSET_LABEL}!~"$${VARIABLES.node}"`);
  return Object.entries(LATENCY_QUANTILES).map(([name, quantile]) =>
    query(`histogram_quantile(${String(quantile)}, sum by (le) (${perNetwork} or ${perNode}))`, name),
  );
}

/** Bucket counts over the dashboard's time range, one bar per bucket bound. */
export function bucketDistributionQuery(histogram: XaiHistogram): prometheus.DataqueryBuilder {
  return query(`sum by (le) (increase(${xai(`${histogram}_bucket`)}[$__range]))`, "{{le}}")
    .format(prometheus.PromQueryFormat.Heatmap)
    .instant();
}

/** Which end of a per-node value is the bad one: a high CPU share, or a low peer count. */
export type Worst = "highest" | "lowest";

/**
 * The `topNodes` worst nodes now, for one-value panels. topk/bottomk return every series when there are
 * no more than `topNodes`, so a small selection shows every node.
 */
export function worstNow(expr: string, worst: Worst, topNodes: number): string {
  return `${worst === "highest" ? "topk" : "bottomk"}(${String(topNodes)}, ${expr})`;
}

/**
 * For time series: `expr` (one series per node) for the `topNodes` nodes that were worst at any point of
 * the time range. `perNodeSelector` selects the same per-node values as a range vector; ranking once at the
 * range's end (`@ end()`) keeps the same lines across the whole graph, where a plain topk would pick a new
 * set at every step.
 */
export function worstOverRange(
  expr: string,
  perNodeSelector: string,
  worst: Worst,
  topNodes: number,
): string {
  const extreme = worst === "highest" ? "max" : "min";
  const ranking = `${extreme} by (node) (${extreme}_over_time(${perNodeSelector}[$__range] @ end()))`;
  return `${expr} and on (node) ${worstNow(ranking, worst, topNodes)}`;
}
