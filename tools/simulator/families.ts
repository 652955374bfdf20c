/**
 * The metric families an XAI node exposes (names, types, label names, bucket bounds), restated here so
 * the simulator bundles into one file without reading the contract at run time. A unit test compares
 * this list and the live exposition against the shared contract.
 */

interface FamilyBase<Name extends string> {
  readonly name: Name;
  readonly help: string;
  readonly labels: readonly string[];
}

export interface CounterFamily<Name extends string = string> extends FamilyBase<Name> {
  readonly type: "counter";
}
export interface GaugeFamily<Name extends string = string> extends FamilyBase<Name> {
  readonly type: "gauge";
}
export interface HistogramFamily<Name extends string = string> extends FamilyBase<Name> {
  readonly type: "histogram";
  readonly buckets: readonly number[];
}
/** Python's Info: exposed as `<name>_info{...} 1`. */
export interface InfoFamily<Name extends string = string> extends FamilyBase<Name> {
  readonly type: "info";
}
export type Family = CounterFamily | GaugeFamily | HistogramFamily | InfoFamily;

const counter = <N extends string>(
  name: N,
  help: string,
  labels: readonly string[] = [],
): CounterFamily<N> => ({
  type: "counter",
  name,
  help,
  labels,
});
const gauge = <N extends string>(name: N, help: string, labels: readonly string[] = []): GaugeFamily<N> => ({
  type: "gauge",
  name,
  help,
  labels,
});
const histogram = <N extends string>(
  name: N,
  help: string,
  buckets: readonly number[],
  labels: readonly string[] = [],
): HistogramFamily<N> => ({ type: "histogram", name, help, labels, buckets });

export const XAI_FAMILIES = [
  counter("xai_blocks_total", "Blocks added to the chain"),
  gauge("xai_block_height", "Height of the local chain tip"),
  histogram(
    "xai_block_size_bytes",
    "Block size",
    [1000, 5000, 10000, 50000, 100000, 500000, 1000000, 5000000],
  ),
  histogram("xai_block_mining_time_seconds", "Time to mine a block", [1, 5, 10, 30, 60, 120, 300, 600, 1800]),
  gauge("xai_block_difficulty", "Difficulty of the latest block"),
  gauge("xai_block_production_rate_per_minute", "Blocks produced per minute"),
  histogram(
    "xai_block_validation_time_seconds",
    "Time to validate a block",
    [0.001, 0.01, 0.05, 0.1, 0.5, 1, 5],
  ),
  counter("xai_transactions_total", "Transactions processed by status", ["status"]),
  gauge("xai_transaction_pool_size", "Pending transactions in the mempool"),
  gauge("xai_transaction_throughput_per_second", "Transactions per second"),
  histogram("xai_transaction_value_xai", "Transaction value in XAI", [0.1, 1, 10, 100, 1000, 10000, 100000]),
  histogram("xai_transaction_fee_xai", "Transaction fee in XAI", [0.0001, 0.001, 0.01, 0.1, 1, 10]),
  histogram(
    "xai_transaction_processing_time_seconds",
    "Transaction processing time",
    [0.001, 0.01, 0.1, 0.5, 1, 5, 10],
  ),
  gauge("xai_peers_connected", "Connected peers"),
  gauge("xai_peers_active", "Peers active recently"),
  counter("xai_network_bandwidth_sent_bytes_total", "Bytes sent to peers"),
  counter("xai_network_bandwidth_received_bytes_total", "Bytes received from peers"),
  histogram("xai_network_latency_seconds", "Peer round-trip latency", [0.01, 0.05, 0.1, 0.5, 1, 2, 5]),
  counter("xai_network_messages_total", "P2P messages by type", ["message_type"]),
  counter("xai_network_errors_total", "P2P errors by type", ["error_type"]),
  counter("xai_api_requests_total", "API requests", ["endpoint", "method", "status"]),
  histogram(
    "xai_api_request_duration_seconds",
    "API request duration",
    [0.001, 0.01, 0.05, 0.1, 0.5, 1, 2, 5],
    ["endpoint", "method"],
  ),
  gauge("xai_api_active_connections", "Open API connections"),
  counter("xai_api_errors_total", "API errors", ["endpoint", "error_type"]),
  gauge("xai_wallet_balance_xai", "Wallet balance in XAI", ["address"]),
  gauge("xai_total_supply_xai", "Total XAI supply"),
  gauge("xai_circulating_supply_xai", "Circulating XAI supply"),
  counter("xai_wallet_transactions_total", "Wallet transactions", ["address", "type"]),
  gauge("xai_mining_hashrate", "Hash rate in H/s"),
  counter("xai_mining_attempts_total", "Mining attempts"),
  counter("xai_mining_success_total", "Successful mining attempts"),
  gauge("xai_mining_difficulty", "Current mining difficulty"),
  counter("xai_mining_blocks_found_total", "Blocks found by this node"),
  gauge("xai_system_cpu_usage_percent", "CPU usage, 0-100"),
  gauge("xai_system_memory_usage_bytes", "Memory used"),
  gauge("xai_system_memory_percent", "Memory used, 0-100"),
  gauge("xai_system_disk_usage_bytes", "Disk used"),
  gauge("xai_system_disk_percent", "Disk used, 0-100"),
  gauge("xai_process_uptime_seconds", "Seconds since the node process started"),
  gauge("xai_process_num_threads", "Threads of the node process"),
  gauge("xai_chain_sync_status", "1 when synced, 0 when not"),
  gauge("xai_chain_height", "Best known network height"),
  gauge("xai_chain_sync_percentage", "Sync progress, 0-100"),
  counter("xai_orphaned_blocks_total", "Orphaned blocks"),
  counter("xai_chain_reorgs_total", "Chain reorganizations"),
  histogram("xai_chain_reorg_depth", "Depth of chain reorganizations", [1, 2, 5, 10, 20, 50]),
  counter("xai_validation_failures_total", "Validation failures by type", ["validation_type"]),
  counter("xai_validation_errors_total", "Validation errors by category", ["error_category"]),
  counter("xai_ai_tasks_total", "AI tasks by provider and status", ["provider", "status"]),
  histogram("xai_ai_task_duration_seconds", "AI task duration", [0.1, 0.5, 1, 5, 10, 30, 60], ["provider"]),
  counter("xai_ai_task_cost_total", "AI task cost", ["provider"]),
  {
    type: "info",
    name: "xai_node",
    help: "Node build and identity",
    labels: ["version", "network", "node_id"],
  },
] as const satisfies readonly Family[];

type Of<T extends Family["type"]> = Extract<(typeof XAI_FAMILIES)[number], { type: T }>["name"];
export type CounterName = Of<"counter">;
export type GaugeName = Of<"gauge">;
export type HistogramName = Of<"histogram">;
