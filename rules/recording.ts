import { REFERENCE_HEIGHT_METRIC, type XaiGauge } from "../metrics";
import { aggregate, orZero, rate, ratio, selector, sumByNode } from "./promql";
import {
  BUCKET_RATE,
  FLEET_BUCKET_RATE,
  FLEET_LATENCY,
  LATENCY,
  LATENCY_HISTOGRAMS,
  LATENCY_QUANTILES,
  RECORDED,
  type LatencyKey,
  type QuantileKey,
  type RecordingRuleName,
} from "./recordingNames";
import { NODE_LABELS } from "./types";

/** The raw gauge each Node Health rule keeps one series per node of. */
const NODE_HEALTH_GAUGES = {
  cpuPercent: "xai_system_cpu_usage_percent",
  memoryPercent: "xai_system_memory_percent",
  memoryUsedBytes: "xai_system_memory_usage_bytes",
  diskPercent: "xai_system_disk_percent",
  uptimeSeconds: "xai_process_uptime_seconds",
  threads: "xai_process_num_threads",
} as const satisfies Record<keyof typeof RECORDED.nodeHealth, XaiGauge>;

/** AI task statuses that count as failures (the contract names the label, not its values). */
export const AI_FAILED_STATUS_REGEX = "failed|failure|error";

export interface RecordingRule {
  readonly record: RecordingRuleName;
  readonly expr: string;
  /** Labels the rule sets; rules sharing a record name (one per SLO) must differ in them. */
  readonly labels?: Readonly<Record<string, string>>;
}

export const RECORDING_GROUP = "recording";

/** histogram_quantile over a recorded bucket rate, summed to `by` with `le` kept. */
function recordedQuantile(quantile: number, key: LatencyKey, by: readonly string[]): string {
  return `histogram_quantile(${String(quantile)}, ${aggregate("sum", selector(BUCKET_RATE[key]), ["le", ...by])})`;
}

function latencyRules(): RecordingRule[] {
  return (Object.keys(LATENCY_HISTOGRAMS) as LatencyKey[]).flatMap((key) => {
    const [metric, window] = LATENCY_HISTOGRAMS[key];
    const quantiles = (Object.keys(LATENCY_QUANTILES) as QuantileKey[]).flatMap((q): RecordingRule[] => [
      { record: LATENCY[key][q], expr: recordedQuantile(LATENCY_QUANTILES[q], key, NODE_LABELS) },
      { record: FLEET_LATENCY[key][q], expr: recordedQuantile(LATENCY_QUANTILES[q], key, ["network"]) },
    ]);
    const bucketRate = aggregate("sum", rate(`${metric}_bucket`, window), ["le", ...NODE_LABELS]);
    const fleetBucketRate = aggregate("sum", selector(BUCKET_RATE[key]), ["le", "network"]);
    return [
      { record: BUCKET_RATE[key], expr: bucketRate },
      { record: FLEET_BUCKET_RATE[key], expr: fleetBucketRate },
      ...quantiles,
    ];
  });
}

/**
 * A reference height source counts while it was scraped and its height advanced within this window; a
 * source that stopped answering or froze (a stuck explorer) drops out of the median.
 */
export const REFERENCE_FRESH_WINDOW = "10m";

/** Every recording rule, in evaluation order (a rule may only use rules listed before it). */
export function recordingRules(): readonly RecordingRule[] {
  const reference = selector(REFERENCE_HEIGHT_METRIC);
  const sumByNetwork = (expr: string): string => aggregate("sum", expr, ["network"]);
  return [
    { record: RECORDED.blockRate, expr: sumByNode(rate("xai_blocks_total", "5m")) },
    { record: RECORDED.fleetBlockRate, expr: sumByNetwork(selector(RECORDED.blockRate)) },
    {
      record: RECORDED.fleetBestHeight,
      expr: aggregate("max", selector("xai_block_height"), ["network"]),
    },
    {
      record: RECORDED.referenceHeight,
      expr: `quantile by (network) (0.5, last_over_time(${reference}[${REFERENCE_FRESH_WINDOW}]) and changes(${reference}[${REFERENCE_FRESH_WINDOW}]) > 0)`,
    },
    {
      record: RECORDED.heightLag,
      expr: `(${selector(RECORDED.referenceHeight)} or ${selector(RECORDED.fleetBestHeight)}) - on (network) group_right () ${sumByNode(selector("xai_block_height"))}`,
    },
    {
      record: RECORDED.tpsByStatus,
      expr: aggregate("sum", rate("xai_transactions_total", "5m"), [...NODE_LABELS, "status"]),
    },
    { record: RECORDED.tps, expr: sumByNode(selector(RECORDED.tpsByStatus)) },
    { record: RECORDED.fleetTps, expr: sumByNetwork(selector(RECORDED.tps)) },
    { record: RECORDED.apiRequestRate, expr: sumByNode(rate("xai_api_requests_total", "5m")) },
    {
      record: RECORDED.apiErrorRatio,
      expr: ratio(
        orZero(
          sumByNode(rate("xai_api_requests_total", "5m", { status: { re: "5.." } })),
          selector(RECORDED.apiRequestRate),
        ),
        selector(RECORDED.apiRequestRate),
      ),
    },
    { record: RECORDED.networkErrorRate, expr: sumByNode(rate("xai_network_errors_total", "5m")) },
    {
      record: RECORDED.networkSentBytesRate,
      expr: sumByNode(rate("xai_network_bandwidth_sent_bytes_total", "5m")),
    },
    {
      record: RECORDED.networkReceivedBytesRate,
      expr: sumByNode(rate("xai_network_bandwidth_received_bytes_total", "5m")),
    },
    {
      record: RECORDED.miningFailureRatio,
      expr: `1 - ${ratio(sumByNode(rate("xai_mining_success_total", "15m")), sumByNode(rate("xai_mining_attempts_total", "15m")))}`,
    },
    { record: RECORDED.validationFailureRate, expr: sumByNode(rate("xai_validation_failures_total", "5m")) },
    {
      record: RECORDED.aiTaskFailureRatio,
      expr: ratio(
        orZero(
          sumByNode(rate("xai_ai_tasks_total", "15m", { status: { re: AI_FAILED_STATUS_REGEX } })),
          sumByNode(rate("xai_ai_tasks_total", "15m")),
        ),
        sumByNode(rate("xai_ai_tasks_total", "15m")),
      ),
    },
    {
      record: RECORDED.hostCpuUtilisation,
      expr: `1 - ${aggregate("avg", rate("node_cpu_seconds_total", "5m", { mode: "idle" }), ["instance"])}`,
    },
    {
      record: RECORDED.hostMemoryUtilisation,
      expr: `1 - ${ratio(selector("node_memory_MemAvailable_bytes"), selector("node_memory_MemTotal_bytes"))}`,
    },
    ...(Object.keys(NODE_HEALTH_GAUGES) as (keyof typeof NODE_HEALTH_GAUGES)[]).map((key) => ({
      record: RECORDED.nodeHealth[key],
      expr: aggregate("max", selector(NODE_HEALTH_GAUGES[key]), NODE_LABELS),
    })),
    ...latencyRules(),
  ];
}
