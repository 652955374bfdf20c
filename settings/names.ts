/**
 * Names every layer shares: the `service` and `severity` labels alerts carry. Settings route on them,
 * rules set them, Alertmanager and the docs read them; each list is the one source of its type.
 */

/** Every `service` label value the rules use. */
export const ALERT_SERVICES = [
  "blockchain",
  "network",
  "transactions",
  "system",
  "api",
  "mining",
  "validation",
  "ai",
  "host",
  "containers",
  "monitoring",
] as const;
export type AlertService = (typeof ALERT_SERVICES)[number];

/** Alert severities, most urgent first. */
export const SEVERITIES = ["critical", "warning", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * Label names the XAI node's own series carry (metrics/xai-node-metrics.json, the contract). Target labels
 * may not reuse them; test/metrics/xai.test.ts keeps this list equal to the contract's.
 */
export const XAI_NODE_SERIES_LABELS = [
  "status",
  "message_type",
  "error_type",
  "endpoint",
  "method",
  "address",
  "type",
  "validation_type",
  "error_category",
  "provider",
  "version",
  "network",
  "node_id",
] as const;

/**
 * The `integration` label Alertmanager gives the Watchdog's notifications in its metrics. Only the
 * Watchdog receiver uses webhook_configs, so the label alone tells its deliveries apart.
 */
export const WATCHDOG_INTEGRATION = "webhook";
