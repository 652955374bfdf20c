import type { SecretFile } from "../service";
import type { SecretKey, StackSettings } from "../../settings";
import { SERVICE_CHANNELS, type ServiceChannel, type SlackChannel } from "../../settings/alerting";
import type { EmailConfig, PagerdutyConfig, Receiver, SlackConfig, WebhookConfig } from "./model";

/** The routes that own a receiver; each falls back to `default` when none of its integrations is configured. */
export type ReceiverRoute = "watchdog" | "critical" | "digest" | ServiceChannel;

export const DEFAULT_RECEIVER = "default";

export const RECEIVER_NAMES: Record<ReceiverRoute, string> = {
  watchdog: "watchdog",
  critical: "critical-page",
  digest: "info-digest",
  network: "network-alerts",
  system: "system-alerts",
  blockchain: "blockchain-alerts",
  api: "api-alerts",
};

/** File names under the secrets directory; one per secret key, named after it. */
const SECRET_FILE_NAMES = {
  slackCriticalWebhookUrl: "slack-critical-webhook-url",
  slackNetworkWebhookUrl: "slack-network-webhook-url",
  slackSystemWebhookUrl: "slack-system-webhook-url",
  slackBlockchainWebhookUrl: "slack-blockchain-webhook-url",
  slackApiWebhookUrl: "slack-api-webhook-url",
  slackDigestWebhookUrl: "slack-digest-webhook-url",
  slackDefaultWebhookUrl: "slack-default-webhook-url",
  pagerdutyRoutingKey: "pagerduty-routing-key",
  smtpPassword: "smtp-password",
  watchdogUrl: "watchdog-url",
} as const satisfies Partial<Record<SecretKey, string>>;
type AlertingSecret = keyof typeof SECRET_FILE_NAMES;

const SLACK_WEBHOOK_SECRETS: Record<SlackChannel, AlertingSecret> = {
  critical: "slackCriticalWebhookUrl",
  network: "slackNetworkWebhookUrl",
  system: "slackSystemWebhookUrl",
  blockchain: "slackBlockchainWebhookUrl",
  api: "slackApiWebhookUrl",
  digest: "slackDigestWebhookUrl",
  default: "slackDefaultWebhookUrl",
};

export interface ReceiverPlan {
  /** Receivers with at least one integration, plus `default` and `watchdog`, which always exist. */
  readonly receivers: readonly Receiver[];
  /** The receiver each route uses after falling back. */
  readonly receiverFor: Readonly<Record<ReceiverRoute, string>>;
  /** Human-readable channels that have no credentials, for the one preview warning. */
  readonly unconfigured: readonly string[];
  /** Credentials that are set but that no receiver reads, each with the setting that leaves it out. */
  readonly unused: readonly string[];
  readonly secretFiles: readonly SecretFile[];
}

/** Turns settings and the set of configured secrets into receivers, secret files and fallbacks. */
export function planReceivers(settings: StackSettings, secretsDir: string): ReceiverPlan {
  const alerting = settings.alerting;
  const configured = new Set<SecretKey>(settings.configuredSecrets);
  const usedSecrets = new Set<AlertingSecret>();
  const unconfigured = new Set<string>();
  const secretPath = (key: AlertingSecret): string => {
    usedSecrets.add(key);
    return `${secretsDir}/${SECRET_FILE_NAMES[key]}`;
  };

  const slack = (channel: SlackChannel, text: string, color?: string): SlackConfig[] => {
    const key = SLACK_WEBHOOK_SECRETS[channel];
    const channelName = alerting.slackChannels[channel];
    if (!configured.has(key)) {
      unconfigured.add(`Slack ${channelName} (secret ${key})`);
      return [];
    }
    return [
      {
        api_url_file: secretPath(key),
        channel: channelName,
        send_resolved: true,
        title: '{{ template "slack.default.title" . }}',
        text: `{{ template "${text}" . }}`,
        ...(color === undefined ? {} : { color }),
      },
    ];
  };

  const email = (to: readonly string[] | undefined): EmailConfig[] => {
    const smtp = alerting.email;
    if (smtp === undefined) {
      unconfigured.add("email (settings alerting.email)");
      return [];
    }
    if (smtp.username !== undefined && !configured.has("smtpPassword")) {
      unconfigured.add(`email (secret smtpPassword for alerting.email.username ${smtp.username})`);
      return [];
    }
    return [
      {
        to: (to ?? smtp.to).join(", "),
        from: smtp.from,
        smarthost: smtp.smarthost,
        ...(smtp.username === undefined
          ? {}
          : { auth_username: smtp.username, auth_password_file: secretPath("smtpPassword") }),
        require_tls: smtp.requireTls,
        send_resolved: true,
        headers: { Subject: '{{ template "email.default.subject" . }}' },
        html: '{{ template "email.default.html" . }}',
      },
    ];
  };

  const pagerduty = (): PagerdutyConfig[] => {
    if (!configured.has("pagerdutyRoutingKey")) {
      unconfigured.add("PagerDuty (secret pagerdutyRoutingKey)");
      return [];
    }
    return [
      {
        routing_key_file: secretPath("pagerdutyRoutingKey"),
        url: alerting.pagerduty.eventsUrl,
        send_resolved: true,
        severity: "critical",
        description: '{{ template "pagerduty.default.description" . }}',
        client: `XAI Alertmanager (${settings.cluster})`,
        client_url: "{{ .ExternalURL }}",
        details: {
          firing: '{{ template "xai.pagerduty.alerts" .Alerts.Firing }}',
          resolved: '{{ template "xai.pagerduty.alerts" .Alerts.Resolved }}',
          num_firing: "{{ .Alerts.Firing | len }}",
          num_resolved: "{{ .Alerts.Resolved | len }}",
          cluster: "{{ .CommonLabels.cluster }}",
        },
      },
    ];
  };

  const watchdogWebhook = (): WebhookConfig[] => {
    if (!configured.has("watchdogUrl")) {
      unconfigured.add("Watchdog dead-man's switch (secret watchdogUrl)");
      return [];
    }
    // A webhook counts any 2xx reply as delivered, whatever the body (healthchecks.io answers "OK"),
    // and url_file keeps the URL, which is itself the credential, out of alertmanager.yml.
    return [{ url_file: secretPath("watchdogUrl"), send_resolved: false }];
  };

  const receivers: Receiver[] = [];
  const receiverFor = {} as Record<ReceiverRoute, string>;
  const add = (route: ReceiverRoute | "default", receiver: Omit<Receiver, "name">): void => {
    const name = route === "default" ? DEFAULT_RECEIVER : RECEIVER_NAMES[route];
    const integrations =
      (receiver.slack_configs?.length ?? 0) +
      (receiver.pagerduty_configs?.length ?? 0) +
      (receiver.email_configs?.length ?? 0);
    if (route === "default" || integrations > 0) {
      receivers.push({ name, ...nonEmpty(receiver) });
    }
    if (route !== "default") receiverFor[route] = integrations > 0 ? name : DEFAULT_RECEIVER;
  };

  add("default", { slack_configs: slack("default", "slack.default.text"), email_configs: email(undefined) });
  add("critical", {
    pagerduty_configs: pagerduty(),
    slack_configs: slack("critical", "slack.critical.text", "danger"),
    email_configs: email(undefined),
  });
  add(
    "digest",
    alerting.digestVia === "email"
      ? { email_configs: email(alerting.email?.digestTo) }
      : { slack_configs: slack("digest", "slack.default.text") },
  );
  for (const channel of SERVICE_CHANNELS) {
    if (alerting.serviceRoutes[channel].length === 0) continue;
    add(channel, { slack_configs: slack(channel, "slack.default.text") });
  }

  // The dead-man's switch must never reach people, so it keeps its own receiver even when unconfigured
  // (then it has no integration and the ping is dropped; the preview warning says so).
  receivers.push({ name: RECEIVER_NAMES.watchdog, ...nonEmpty({ webhook_configs: watchdogWebhook() }) });
  receiverFor.watchdog = RECEIVER_NAMES.watchdog;

  const secretFiles = [...usedSecrets]
    .sort()
    .map((key): SecretFile => ({ path: `${secretsDir}/${SECRET_FILE_NAMES[key]}`, secret: key }));
  const unused = (Object.keys(SECRET_FILE_NAMES) as AlertingSecret[])
    .filter((key) => configured.has(key) && !usedSecrets.has(key))
    .map((key) => `${key} (${whyUnused(settings, key)})`);
  return { receivers, receiverFor, unconfigured: [...unconfigured], unused, secretFiles };
}

/** The setting that keeps a configured credential out of every receiver. */
function whyUnused(settings: StackSettings, key: AlertingSecret): string {
  const alerting = settings.alerting;
  if (key === "slackDigestWebhookUrl") return `alerting.digestVia is ${alerting.digestVia}`;
  if (key === "smtpPassword") {
    return alerting.email === undefined ? "alerting.email is not set" : "alerting.email.username is not set";
  }
  const channel = SERVICE_CHANNELS.find((candidate) => SLACK_WEBHOOK_SECRETS[candidate] === key);
  if (channel !== undefined) return `alerting.serviceRoutes.${channel} is empty`;
  return "no route uses it";
}

/** Drops integration lists that ended up empty, so the YAML shows only what is configured. */
function nonEmpty(receiver: Omit<Receiver, "name">): Omit<Receiver, "name"> {
  const {
    slack_configs: slack,
    pagerduty_configs: pagerduty,
    email_configs: email,
    webhook_configs: webhook,
  } = receiver;
  return {
    ...(slack && slack.length > 0 ? { slack_configs: slack } : {}),
    ...(pagerduty && pagerduty.length > 0 ? { pagerduty_configs: pagerduty } : {}),
    ...(email && email.length > 0 ? { email_configs: email } : {}),
    ...(webhook && webhook.length > 0 ? { webhook_configs: webhook } : {}),
  };
}
