import type { MetricFamily, MetricType } from "./family";

/**
 * The XAI node metric contract, transcribed from xai-node-metrics.json (a copy of
 * ../shared/xai-node-metrics.json). test/metrics/index.test.ts proves they stay equal, field for field.
 */
export const XAI_NODE_SCRAPE = {
  default_port: 8000,
  path: "/metrics",
  port_env: "XAI_METRICS_PORT",
} as const;

/** Scrape job of the XAI nodes; the scrape config adds the node and network target labels. */
export const XAI_JOB = "xai-node";

/**
 * The exposition format Prometheus assumes when an XAI node answers without a usable Content-Type.
 * Prometheus 3 fails such a scrape outright; the node's Python prometheus_client writes the classic
 * text format, so that is the safe fallback.
 */
export const XAI_FALLBACK_SCRAPE_PROTOCOL = "PrometheusText0.0.4";

/** One family of the contract, with its literal name (and bucket bounds) kept for the typed queries. */
interface XaiFamily<Type extends MetricType, Name extends string> extends MetricFamily {
  readonly type: Type;
  readonly name: Name;
}

/** The series Python's prometheus_client writes for a family; the contract lists them, the type decides. */
function seriesOf(type: MetricType, name: string): string[] {
  switch (type) {
    case "counter":
      return [name, `${name.replace(/_total$/, "")}_created`];
    case "gauge":
      return [name];
    case "histogram":
      return ["bucket", "sum", "count", "created"].map((part) => `${name}_${part}`);
    case "info":
      return [`${name}_info`];
  }
}

const withUnit = (unit: string | undefined): { unit?: string } => (unit === undefined ? {} : { unit });

function family<const Type extends Exclude<MetricType, "histogram">, const Name extends string>(
  type: Type,
  name: Name,
  category: string,
  labels: readonly string[],
  unit?: string,
): XaiFamily<Type, Name> {
  return { name, type, category, labels, series: seriesOf(type, name), ...withUnit(unit) };
}

function histogram<const Name extends string, const Buckets extends readonly number[]>(
  name: Name,
  category: string,
  labels: readonly string[],
  buckets: Buckets,
  unit?: string,
): XaiFamily<"histogram", Name> & { readonly buckets: Buckets } {
  const series = seriesOf("histogram", name);
  return { name, type: "histogram", category, labels, series, buckets, ...withUnit(unit) };
}

export const XAI_FAMILIES = [
  family("counter", "xai_blocks_total", "block", []),
  family("gauge", "xai_block_height", "block", []),
  histogram(
    "xai_block_size_bytes",
    "block",
    [],
    [1000, 5000, 10000, 50000, 100000, 500000, 1000000, 5000000],
    "bytes",
  ),
  histogram("xai_block_mining_time_seconds", "block", [], [1, 5, 10, 30, 60, 120, 300, 600, 1800], "seconds"),
  family("gauge", "xai_block_difficulty", "block", []),
  family("gauge", "xai_block_production_rate_per_minute", "block", [], "per minute"),
  histogram("xai_block_validation_time_seconds", "block", [], [0.001, 0.01, 0.05, 0.1, 0.5, 1, 5], "seconds"),
  family("counter", "xai_transactions_total", "transaction", ["status"]),
  family("gauge", "xai_transaction_pool_size", "transaction", []),
  family("gauge", "xai_transaction_throughput_per_second", "transaction", [], "per second"),
  histogram("xai_transaction_value_xai", "transaction", [], [0.1, 1, 10, 100, 1000, 10000, 100000], "XAI"),
  histogram("xai_transaction_fee_xai", "transaction", [], [0.0001, 0.001, 0.01, 0.1, 1, 10], "XAI"),
  histogram(
    "xai_transaction_processing_time_seconds",
    "transaction",
    [],
    [0.001, 0.01, 0.1, 0.5, 1, 5, 10],
    "seconds",
  ),
  family("gauge", "xai_peers_connected", "network", []),
  family("gauge", "xai_peers_active", "network", []),
  family("counter", "xai_network_bandwidth_sent_bytes_total", "network", [], "bytes"),
  family("counter", "xai_network_bandwidth_received_bytes_total", "network", [], "bytes"),
  histogram("xai_network_latency_seconds", "network", [], [0.01, 0.05, 0.1, 0.5, 1, 2, 5], "seconds"),
  family("counter", "xai_network_messages_total", "network", ["message_type"]),
  family("counter", "xai_network_errors_total", "network", ["error_type"]),
  family("counter", "xai_api_requests_total", "api", ["endpoint", "method", "status"]),
  histogram(
    "xai_api_request_duration_seconds",
    "api",
    ["endpoint", "method"],
    [0.001, 0.01, 0.05, 0.1, 0.5, 1, 2, 5],
    "seconds",
  ),
  family("gauge", "xai_api_active_connections", "api", []),
  family("counter", "xai_api_errors_total", "api", ["endpoint", "error_type"]),
  family("gauge", "xai_wallet_balance_xai", "wallet", ["address"], "XAI"),
  family("gauge", "xai_total_supply_xai", "supply", [], "XAI"),
  family("gauge", "xai_circulating_supply_xai", "supply", [], "XAI"),
  family("counter", "xai_wallet_transactions_total", "wallet", ["address", "type"]),
  family("gauge", "xai_mining_hashrate", "mining", []),
  family("counter", "xai_mining_attempts_total", "mining", []),
  family("counter", "xai_mining_success_total", "mining", []),
  family("gauge", "xai_mining_difficulty", "mining", []),
  family("counter", "xai_mining_blocks_found_total", "mining", []),
  family("gauge", "xai_system_cpu_usage_percent", "system", [], "percent"),
  family("gauge", "xai_system_memory_usage_bytes", "system", [], "bytes"),
  family("gauge", "xai_system_memory_percent", "system", [], "percent"),
  family("gauge", "xai_system_disk_usage_bytes", "system", [], "bytes"),
  family("gauge", "xai_system_disk_percent", "system", [], "percent"),
  family("gauge", "xai_process_uptime_seconds", "system", [], "seconds"),
  family("gauge", "xai_process_num_threads", "system", []),
  family("gauge", "xai_chain_sync_status", "chain_state", []),
  family("gauge", "xai_chain_height", "chain_state", []),
  family("gauge", "xai_chain_sync_percentage", "chain_state", [], "percent"),
  family("counter", "xai_orphaned_blocks_total", "chain_state", []),
  family("counter", "xai_chain_reorgs_total", "chain_state", []),
  histogram("xai_chain_reorg_depth", "chain_state", [], [1, 2, 5, 10, 20, 50]),
  family("counter", "xai_validation_failures_total", "validation", ["validation_type"]),
  family("counter", "xai_validation_errors_total", "validation", ["error_category"]),
  family("counter", "xai_ai_tasks_total", "ai_task", ["provider", "status"]),
  histogram("xai_ai_task_duration_seconds", "ai_task", ["provider"], [0.1, 0.5, 1, 5, 10, 30, 60], "seconds"),
  family("counter", "xai_ai_task_cost_total", "ai_task", ["provider"]),
  family("info", "xai_node", "node_info", ["version", "network", "node_id"]),
] as const;
