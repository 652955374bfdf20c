import { type SecretKey, type StackSettings } from "../../settings";
import type { AlertDefinition } from "../../rules/types";
import { testSettings } from "../../harness/settings";

/** Every alerting credential; tests choose which of them are "set". */
export const ALERTING_SECRETS = [
  "slackCriticalWebhookUrl",
  "slackNetworkWebhookUrl",
  "slackSystemWebhookUrl",
  "slackBlockchainWebhookUrl",
  "slackApiWebhookUrl",
  "slackDigestWebhookUrl",
  "slackDefaultWebhookUrl",
  "pagerdutyRoutingKey",
  "smtpPassword",
  "watchdogUrl",
] as const satisfies readonly SecretKey[];

export const TEST_EMAIL = {
  to: ["oncall@xai.example"],
  digestTo: ["digest@xai.example"],
  from: "alertmanager@xai.example",
  smarthost: "smtp.xai.example:587",
  username: "alertmanager",
};

/** Parses settings the way the Pulumi program does, with `secrets` marked as set (values never matter here). */
export function alertingSettings(
  alerting: Record<string, unknown> = { email: TEST_EMAIL },
  secrets: readonly SecretKey[] = ALERTING_SECRETS,
  extra: Record<string, unknown> = {},
): StackSettings {
  const values: Record<string, unknown> = { alerting, ...extra };
  for (const key of secrets) values[key] = `value-of-${key}`;
  return testSettings(values, { secretKeys: secrets });
}

export function parseAlerting(alerting: unknown): StackSettings {
  return testSettings({ alerting });
}

function definition(
  name: string,
  severity: AlertDefinition["severity"],
  service: AlertDefinition["service"],
  inhibits: AlertDefinition["inhibits"] = [],
): AlertDefinition {
  return {
    name,
    group: service,
    expr: "vector(1)",
    for: "0s",
    severity,
    service,
    summary: name,
    description: name,
    inhibits,
  };
}

/** A small stand-in for the rules' definitions, with the inhibitions the issue asks for. */
export const FIXTURE_DEFINITIONS: readonly AlertDefinition[] = [
  definition("NodeDown", "critical", "blockchain", "all-on-node"),
  definition("CriticalCPUUsage", "critical", "system", ["HighCPUUsage"]),
  definition("HighCPUUsage", "warning", "system"),
  definition("CriticalMemoryUsage", "critical", "system", ["HighMemoryUsage"]),
  definition("HighMemoryUsage", "warning", "system"),
  definition("CriticalDiskSpace", "critical", "system", ["DiskSpaceRunningOut"]),
  definition("DiskSpaceRunningOut", "warning", "system"),
  definition("NoPeersConnected", "critical", "network", ["LowPeerCount"]),
  definition("LowPeerCount", "warning", "network"),
  definition("ChainNotSynced", "critical", "blockchain", ["LowBlockProductionRate"]),
  definition("LowBlockProductionRate", "warning", "blockchain"),
  definition("ChainReorganization", "info", "blockchain"),
];
