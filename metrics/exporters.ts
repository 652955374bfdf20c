import type { MetricFamily } from "./family";

/** Scrape jobs of the exporters and of the monitoring services themselves. */
export const EXPORTER_JOBS = {
  nodeExporter: "node-exporter",
  cadvisor: "cadvisor",
  prometheus: "prometheus",
  alertmanager: "alertmanager",
  /** Reference height sources of networks.<network>.referenceHeights. */
  reference: "xai-reference",
} as const;

/** The name every reference's height metric is recorded under by the xai-reference scrape job. */
export const REFERENCE_HEIGHT_METRIC = "reference_block_height";

export interface ExporterFamily extends MetricFamily {
  /** The scrape job whose targets expose it; undefined for series Prometheus writes for every target. */
  readonly job: (typeof EXPORTER_JOBS)[keyof typeof EXPORTER_JOBS] | undefined;
}

/** Labels node_exporter puts on every filesystem series. */
const FILESYSTEM = ["device", "fstype", "mountpoint"];
/** Labels cAdvisor puts on a container's series (`name` is empty for cgroups that are not containers). */
const CONTAINER = ["id", "name", "image"];
/** Labels of a container's per-interface network series. */
const INTERFACE = ["id", "name", "interface"];

function family<
  const Job extends ExporterFamily["job"],
  const Name extends string,
  const Type extends "counter" | "gauge",
>(
  job: Job,
  name: Name,
  type: Type,
  category: string,
  labels: readonly string[],
  unit?: string,
): ExporterFamily & {
  readonly job: Job;
  readonly name: Name;
  readonly type: Type;
  readonly series: readonly [Name];
} {
  return { job, name, type, category, labels, series: [name], ...(unit === undefined ? {} : { unit }) };
}

/**
 * The node_exporter, cAdvisor and Prometheus/Alertmanager self-metrics that rules and dashboards use.
 * Only names listed here can be queried through the typed PromQL helpers.
 */
export const EXPORTER_FAMILIES = [
  // Written by Prometheus for every scrape target.
  family(undefined, "up", "gauge", "scrape", ["job", "instance"]),
  // Written by Prometheus for every pending or firing alert.
  family(undefined, "ALERTS", "gauge", "alerts", ["alertname", "alertstate"]),
  family(undefined, "scrape_duration_seconds", "gauge", "scrape", ["job", "instance"], "seconds"),
  family(undefined, "scrape_samples_scraped", "gauge", "scrape", ["job", "instance"]),

  // Reference nodes and explorer exporters (networks.<network>.referenceHeights), renamed at scrape.
  family("xai-reference", REFERENCE_HEIGHT_METRIC, "gauge", "blockchain", ["network", "reference"]),

  // node_exporter (host).
  family("node-exporter", "node_cpu_seconds_total", "counter", "host", ["cpu", "mode"], "seconds"),
  family("node-exporter", "node_load1", "gauge", "host", []),
  family("node-exporter", "node_load5", "gauge", "host", []),
  family("node-exporter", "node_load15", "gauge", "host", []),
  family("node-exporter", "node_memory_MemTotal_bytes", "gauge", "host", [], "bytes"),
  family("node-exporter", "node_memory_MemAvailable_bytes", "gauge", "host", [], "bytes"),
  family("node-exporter", "node_filesystem_avail_bytes", "gauge", "host", FILESYSTEM, "bytes"),
  family("node-exporter", "node_filesystem_size_bytes", "gauge", "host", FILESYSTEM, "bytes"),
  family("node-exporter", "node_filesystem_readonly", "gauge", "host", FILESYSTEM),
  family("node-exporter", "node_network_receive_bytes_total", "counter", "host", ["device"], "bytes"),
  family("node-exporter", "node_network_transmit_bytes_total", "counter", "host", ["device"], "bytes"),
  family("node-exporter", "node_disk_io_time_seconds_total", "counter", "host", ["device"], "seconds"),
  family("node-exporter", "node_timex_offset_seconds", "gauge", "host", [], "seconds"),
  family("node-exporter", "node_timex_sync_status", "gauge", "host", []),
  family("node-exporter", "node_boot_time_seconds", "gauge", "host", [], "seconds"),

  // cAdvisor (containers).
  family(
    "cadvisor",
    "container_cpu_usage_seconds_total",
    "counter",
    "containers",
    [...CONTAINER, "cpu"],
    "seconds",
  ),
  family("cadvisor", "container_memory_working_set_bytes", "gauge", "containers", CONTAINER, "bytes"),
  family("cadvisor", "container_spec_memory_limit_bytes", "gauge", "containers", CONTAINER, "bytes"),
  family("cadvisor", "container_start_time_seconds", "gauge", "containers", CONTAINER, "seconds"),
  family("cadvisor", "container_last_seen", "gauge", "containers", CONTAINER, "seconds"),
  family("cadvisor", "container_network_receive_bytes_total", "counter", "containers", INTERFACE, "bytes"),
  family("cadvisor", "container_network_transmit_bytes_total", "counter", "containers", INTERFACE, "bytes"),

  // Prometheus itself.
  family("prometheus", "prometheus_config_last_reload_successful", "gauge", "monitoring", []),
  family("prometheus", "prometheus_rule_evaluation_failures_total", "counter", "monitoring", ["rule_group"]),
  family("prometheus", "prometheus_rule_evaluations_total", "counter", "monitoring", ["rule_group"]),
  family("prometheus", "prometheus_notifications_errors_total", "counter", "monitoring", ["alertmanager"]),
  family("prometheus", "prometheus_notifications_sent_total", "counter", "monitoring", ["alertmanager"]),
  family("prometheus", "prometheus_notifications_dropped_total", "counter", "monitoring", []),
  family("prometheus", "prometheus_tsdb_head_series", "gauge", "monitoring", []),

  // Alertmanager itself.
  family("alertmanager", "alertmanager_config_last_reload_successful", "gauge", "monitoring", []),
  family("alertmanager", "alertmanager_notifications_total", "counter", "monitoring", ["integration"]),
  // Gossip cluster state; only exported when clustering is on (prod's replicas).
  family("alertmanager", "alertmanager_cluster_members", "gauge", "monitoring", []),
  family("alertmanager", "alertmanager_cluster_failed_peers", "gauge", "monitoring", []),
  // `reason` says why a send failed (runbooks use it; 0.34 adds authError and rateLimited); rules sum it away.
  family("alertmanager", "alertmanager_notifications_failed_total", "counter", "monitoring", [
    "integration",
    "reason",
  ]),
] as const;
