import type { XaiHistogram } from "../metrics";
import type { SloRecordingName } from "./slos/names";

/**
 * Recording rules, named level:metric:operations. `node:` series keep the node labels
 * (node, network), `node_le:` series also keep histogram buckets' `le`; `network:` series are fleet
 * aggregates per XAI network.
 */

export const LATENCY_QUANTILES = { p50: 0.5, p95: 0.95, p99: 0.99 } as const;
export type QuantileKey = keyof typeof LATENCY_QUANTILES;

type LatencyNames<Level extends string, M extends string, W extends string> = {
  readonly [Q in QuantileKey]: `${Level}:${M}:${Q}_rate${W}`;
};

function latencyNames<const Level extends string, const M extends XaiHistogram, const W extends string>(
  level: Level,
  metric: M,
  window: W,
): LatencyNames<Level, M, W> {
  return {
    p50: `${level}:${metric}:p50_rate${window}`,
    p95: `${level}:${metric}:p95_rate${window}`,
    p99: `${level}:${metric}:p99_rate${window}`,
  };
}

/** Histograms with recorded quantiles, and the window each uses (mining takes minutes per block). */
export const LATENCY_HISTOGRAMS = {
  blockMiningTime: ["xai_block_mining_time_seconds", "30m"],
  blockValidationTime: ["xai_block_validation_time_seconds", "5m"],
  transactionProcessingTime: ["xai_transaction_processing_time_seconds", "5m"],
  apiRequestDuration: ["xai_api_request_duration_seconds", "5m"],
  networkLatency: ["xai_network_latency_seconds", "5m"],
  aiTaskDuration: ["xai_ai_task_duration_seconds", "15m"],
} as const satisfies Record<string, readonly [XaiHistogram, string]>;
export type LatencyKey = keyof typeof LATENCY_HISTOGRAMS;

type LatencyTable<Level extends string> = {
  readonly [K in LatencyKey]: LatencyNames<
    Level,
    (typeof LATENCY_HISTOGRAMS)[K][0],
    (typeof LATENCY_HISTOGRAMS)[K][1]
  >;
};

function latencyTable<const Level extends string>(level: Level): LatencyTable<Level> {
  const entries = Object.entries(LATENCY_HISTOGRAMS).map(([key, [metric, window]]) => [
    key,
    latencyNames(level, metric, window),
  ]);
  return Object.fromEntries(entries) as LatencyTable<Level>;
}

type BucketRateTable = {
  readonly [
    K in LatencyKey
  ]: `node_le:${(typeof LATENCY_HISTOGRAMS)[K][0]}_bucket:rate${(typeof LATENCY_HISTOGRAMS)[K][1]}`;
};

/**
 * Per-node bucket rates (`le`, node and network kept) of each latency histogram. The quantile rules below
 * and the dashboards' quantile panels all start from this one aggregate: panels sum it `by (le)` across
 * the selected nodes, which keeps their quantiles exact for any node selection.
 */
export const BUCKET_RATE = Object.fromEntries(
  Object.entries(LATENCY_HISTOGRAMS).map(([key, [metric, window]]) => [
    key,
    `node_le:${metric}_bucket:rate${window}`,
  ]),
) as BucketRateTable;

type FleetBucketRateTable = {
  readonly [
    K in LatencyKey
  ]: `network_le:${(typeof LATENCY_HISTOGRAMS)[K][0]}_bucket:rate${(typeof LATENCY_HISTOGRAMS)[K][1]}`;
};

/**
 * The per-node bucket rates summed per network (`le` kept): what a quantile panel reads when every node
 * is selected, 1/nodes of the series, and still exact because it is the same sum the panel would take.
 */
export const FLEET_BUCKET_RATE = Object.fromEntries(
  Object.entries(BUCKET_RATE).map(([key, name]) => [key, name.replace(/^node_le:/, "network_le:")]),
) as FleetBucketRateTable;

/** p50/p95/p99 per node, e.g. `LATENCY.apiRequestDuration.p95`. */
export const LATENCY = latencyTable("node");
/** p50/p95/p99 across each network's nodes. */
export const FLEET_LATENCY = latencyTable("network");

/** Rates and ratios; values are in per-second units unless the name says otherwise. */
export const RECORDED = {
  /** Blocks per second, per node. */
  blockRate: "node:xai_blocks:rate5m",
  fleetBlockRate: "network:xai_blocks:rate5m",
  /** The best (highest) block height among each network's nodes. */
  fleetBestHeight: "network:xai_block_height:max",
  /**
   * The median height of each network's fresh reference sources (networks.<network>.referenceHeights);
   * absent for networks with none fresh.
   */
  referenceHeight: "network:reference_block_height:median",
  /**
   * How many blocks each node is behind its network's head: the median of its fresh references where the
   * network has any, else the fleet's best node (0 for the leader; below 0 for a node ahead of the median).
   */
  heightLag: "node:xai_block_height:lag_blocks",
  /** Transactions per second with a `status` label. */
  tpsByStatus: "node_status:xai_transactions:rate5m",
  tps: "node:xai_transactions:rate5m",
  fleetTps: "network:xai_transactions:rate5m",
  apiRequestRate: "node:xai_api_requests:rate5m",
  /** Share (0-1) of API requests answered 5xx. */
  apiErrorRatio: "node:xai_api_requests_5xx:ratio_rate5m",
  networkErrorRate: "node:xai_network_errors:rate5m",
  networkSentBytesRate: "node:xai_network_bandwidth_sent_bytes:rate5m",
  networkReceivedBytesRate: "node:xai_network_bandwidth_received_bytes:rate5m",
  /** Share (0-1) of mining attempts without success. */
  miningFailureRatio: "node:xai_mining_failures:ratio_rate15m",
  validationFailureRate: "node:xai_validation_failures:rate5m",
  /** Share (0-1) of AI tasks that failed. */
  aiTaskFailureRatio: "node:xai_ai_tasks_failed:ratio_rate15m",
  /** Busy CPU share (0-1) per node_exporter instance. */
  hostCpuUtilisation: "instance:node_cpu_utilisation:ratio_rate5m",
  /** Used memory share (0-1) per node_exporter instance. */
  hostMemoryUtilisation: "instance:node_memory_utilisation:ratio",
  /** What Node Health reads: each node's own gauges, one series per node (node, network). */
  nodeHealth: {
    cpuPercent: "node:xai_system_cpu_usage_percent:max",
    memoryPercent: "node:xai_system_memory_percent:max",
    memoryUsedBytes: "node:xai_system_memory_usage_bytes:max",
    diskPercent: "node:xai_system_disk_percent:max",
    uptimeSeconds: "node:xai_process_uptime_seconds:max",
    threads: "node:xai_process_num_threads:max",
  },
} as const;

type LeafNames<T> = T extends string ? T : { [K in keyof T]: LeafNames<T[K]> }[keyof T];
export type RecordingRuleName =
  | LeafNames<typeof RECORDED>
  | LeafNames<typeof BUCKET_RATE>
  | LeafNames<typeof FLEET_BUCKET_RATE>
  | LeafNames<typeof LATENCY>
  | LeafNames<typeof FLEET_LATENCY>
  | SloRecordingName;
