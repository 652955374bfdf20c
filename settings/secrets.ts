/**
 * Every credential the stack uses. Each is a top-level Pulumi config key that must be set with
 * `pulumi config set --secret`. Values never enter StackSettings: settings only record which are present,
 * and platforms deliver the values as secret files.
 */
export const SECRET_KEYS = {
  grafanaAdminPassword: "Grafana admin password; generated with @pulumi/random when unset",
  grafanaSecretKey: "Key Grafana encrypts stored datasource credentials with; generated when unset",
  slackCriticalWebhookUrl: "Slack incoming-webhook URL for the critical (paging) channel",
  slackNetworkWebhookUrl: "Slack incoming-webhook URL for the network team's channel",
  slackSystemWebhookUrl: "Slack incoming-webhook URL for the system alerts channel",
  slackBlockchainWebhookUrl: "Slack incoming-webhook URL for the blockchain alerts channel",
  slackApiWebhookUrl: "Slack incoming-webhook URL for the API alerts channel",
  slackDigestWebhookUrl:
    "Slack incoming-webhook URL for the daily info digest (when alerting.digestVia is slack)",
  slackDefaultWebhookUrl: "Slack incoming-webhook URL for alerts no other route takes",
  pagerdutyRoutingKey: "PagerDuty Events API v2 routing (integration) key for critical alerts",
  smtpPassword: "SMTP password for alerting.email.username",
  watchdogUrl: "Dead-man's-switch URL that Alertmanager pings with the always-firing Watchdog alert",
} as const;

export type SecretKey = keyof typeof SECRET_KEYS;

export function isSecretKey(key: string): key is SecretKey {
  return Object.hasOwn(SECRET_KEYS, key);
}
