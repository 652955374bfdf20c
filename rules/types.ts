/** Shared shape of alert definitions: rules render them, Alertmanager derives inhibition from them. */
import type { AlertService, Severity } from "../settings/names";

/** The labels that identify one XAI node's series (target labels set by the xai-node scrape job). */
export const NODE_LABELS = ["node", "network"] as const;

export interface AlertDefinition {
  readonly name: string;
  readonly group: string;
  readonly expr: string;
  /** Prometheus duration, e.g. 5m; "0s" fires at once. */
  readonly for: string;
  readonly severity: Severity;
  readonly service: AlertService;
  readonly summary: string;
  readonly description: string;
  /**
   * Alerts this one silences on the same node while it fires: names, or "all-on-node" for every other
   * alert carrying the same node labels (NodeDown).
   */
  readonly inhibits: readonly string[] | "all-on-node";
}
