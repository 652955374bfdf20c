/**
 * The subset of alertmanager.yml this stack writes, with Alertmanager's own field names. Every field here
 * exists in the tested Alertmanager (0.33) and in the pinned image.
 */

export interface AlertmanagerConfig {
  readonly global: { readonly resolve_timeout: string };
  readonly templates: readonly string[];
  readonly route: Route;
  readonly inhibit_rules: readonly InhibitRule[];
  readonly receivers: readonly Receiver[];
}

export interface Route {
  readonly receiver: string;
  /** Current syntax only: `matchers`, never the deprecated match/match_re. */
  readonly matchers?: readonly string[];
  readonly group_by?: readonly string[];
  readonly group_wait?: string;
  readonly group_interval?: string;
  readonly repeat_interval?: string;
  readonly continue?: boolean;
  readonly routes?: readonly Route[];
}

export interface InhibitRule {
  readonly source_matchers: readonly string[];
  readonly target_matchers: readonly string[];
  readonly equal: readonly string[];
}

export interface Receiver {
  readonly name: string;
  readonly slack_configs?: readonly SlackConfig[];
  readonly pagerduty_configs?: readonly PagerdutyConfig[];
  readonly email_configs?: readonly EmailConfig[];
  readonly webhook_configs?: readonly WebhookConfig[];
}

export interface WebhookConfig {
  /** Read at every send; the URL never appears in alertmanager.yml. */
  readonly url_file: string;
  readonly send_resolved: boolean;
}

export interface SlackConfig {
  readonly api_url_file: string;
  readonly channel?: string;
  readonly send_resolved: boolean;
  readonly title: string;
  readonly text: string;
  readonly color?: string;
}

export interface PagerdutyConfig {
  readonly routing_key_file: string;
  readonly url: string;
  readonly send_resolved: boolean;
  readonly severity: string;
  readonly description: string;
  readonly client: string;
  readonly client_url: string;
  readonly details: Readonly<Record<string, string>>;
}

export interface EmailConfig {
  readonly to: string;
  readonly from: string;
  readonly smarthost: string;
  readonly auth_username?: string;
  readonly auth_password_file?: string;
  readonly require_tls: boolean;
  readonly send_resolved: boolean;
  readonly headers: Readonly<Record<string, string>>;
  readonly html: string;
}

/** A label matcher in Alertmanager's current syntax. Values here are plain names, so quoting suffices. */
export function equals(label: string, value: string): string {
  return `${label}=${JSON.stringify(value)}`;
}

/** Matches any of `values`; Alertmanager anchors the regular expression. */
export function oneOf(label: string, values: readonly string[]): string {
  if (values.length === 1 && values[0] !== undefined) return equals(label, values[0]);
  return `${label}=~${JSON.stringify(values.map(escapeRegex).join("|"))}`;
}

export function notEquals(label: string, value: string): string {
  return `${label}!=${JSON.stringify(value)}`;
}

function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
