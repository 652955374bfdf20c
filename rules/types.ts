/** Shared shape of alert definitions: rules render them, Alertmanager derives inhibition from them. */
import type { StackSettings } from "../settings";
import type { AlertService, Severity } from "../settings/names";
import type { Thresholds, TunableThreshold } from "../settings/thresholds";

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

/** How an alert shows `$value` in its annotations (Prometheus template functions). */
export const VALUE_TEMPLATES = {
  /** A 0-100 gauge. */
  percent: '{{ printf "%.1f" $value }}%',
  /** A 0-1 ratio. */
  ratio: "{{ humanizePercentage $value }}",
  seconds: "{{ humanizeDuration $value }}",
  count: '{{ printf "%.0f" $value }}',
  perSecond: '{{ printf "%.2f" $value }}/s',
  number: "{{ humanize $value }}",
} as const;
export type ValueFormat = keyof typeof VALUE_TEMPLATES;

/** What annotation texts may use; rendered as template calls, or as concrete text in test expectations. */
export interface TextVars {
  readonly node: string;
  readonly network: string;
  readonly value: string;
  label(name: string): string;
}

/** One input series of a promtool test, in promtool's expanding notation (e.g. `0+60x30`). */
export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

export interface ExpectedAlert {
  /** Labels the expression yields; severity and service are added from the definition. */
  readonly labels: Readonly<Record<string, string>>;
  /** `$value` as the annotations show it, e.g. "81.0%". */
  readonly value: string;
}

/** A typed example: input series, the evaluation time and the alerts that must (or must not) fire. */
export interface AlertCase {
  readonly title: string;
  /** Sample spacing of the input series; 1m unless set. */
  readonly interval?: string;
  readonly input: readonly InputSeries[];
  readonly at: string;
  /** Empty: the alert must stay quiet. */
  readonly fires: readonly ExpectedAlert[];
}

/** What a group file writes per alert. */
export interface AlertSpec {
  readonly name: string;
  readonly expr: string;
  readonly for: string;
  readonly severity: Severity;
  readonly service: AlertService;
  readonly inhibits?: AlertDefinition["inhibits"];
  readonly value: ValueFormat;
  readonly summary: (vars: TextVars) => string;
  readonly description: (vars: TextVars) => string;
  readonly cases: readonly AlertCase[];
  /** Only for the Watchdog heartbeat, which has no quiet state by design. */
  readonly alwaysFires?: true;
  /** Which quiet case the generated edge cases start from (the first quiet case unless set). */
  readonly edgeBase?: string;
}

/** A rendered alert: the shared contract plus what rendering and promtool tests need. */
export interface AlertRule extends AlertDefinition {
  readonly runbookUrl: string;
  readonly value: ValueFormat;
  readonly cases: readonly AlertCase[];
  readonly alwaysFires: boolean;
  /** Extra labels from settings (overrides), beside severity and service. */
  readonly labels: Readonly<Record<string, string>>;
  readonly threshold: TunableThreshold | undefined;
  /** Summary and description with concrete labels and value text, as Prometheus would expand them. */
  readonly annotate: (labels: Readonly<Record<string, string>>, valueText: string) => AlertAnnotations;
}

export interface AlertAnnotations {
  readonly summary: string;
  readonly description: string;
  readonly runbook_url: string;
}

/** What alert groups read from the stack settings. */
export type AlertGroupSettings = Pick<StackSettings, "expectedVersion" | "slos">;
export type AlertGroup = (settings: AlertGroupSettings, thresholds: Thresholds) => readonly AlertSpec[];
