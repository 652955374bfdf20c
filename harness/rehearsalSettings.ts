import { SECRET_KEYS, parseSettings, type SecretKey, type StackSettings } from "../settings";

export const E2E_NETWORK = "testnet";
/** The rehearsal's cap on alert `for:` durations (the longest rendered one is an hour). */
export const REHEARSAL_MAX_FOR = "20s";
/**
 * Blocks a rehearsal node may trail its network: the simulator makes a block every ~5 s, so a stopped node
 * crosses it in about a minute, while healthy nodes' random block times keep them within a few blocks.
 */
export const REHEARSAL_MAX_LAG_BLOCKS = 12;

/**
 * A second rehearsal network whose nodes all stall at once (NetworkBlockProductionStalled). Its block time
 * is set like an operator would for a fast chain, and the simulator mines at that pace, so the "no block"
 * window (5 block times: 30 s) fits the rehearsal.
 */
export const STALL_NETWORK = "stallnet";
export const STALL_BLOCK_SECONDS = 6;

export interface E2eEndpoints {
  /** Base URL of the HTTP sink standing in for Slack, PagerDuty and the Watchdog webhook. */
  readonly httpSink: string;
  /** host:port of the SMTP sink. */
  readonly smtpSink: string;
  readonly alertmanagerUrl: string;
  /** Simulated node name to its `127.0.0.1:<port>` metrics address. */
  readonly nodes: Readonly<Record<string, string>>;
  /** Nodes of STALL_NETWORK, name to address, when the rehearsal runs that network. */
  readonly stallNodes?: Readonly<Record<string, string>>;
}

/**
 * TEST SETTINGS. They differ from a real stack in two ways only, both through ordinary settings:
 * - with `fastIntervals` (the rehearsal), scrape and rule evaluation every 1s instead of 15s, and every
 *   alert `for:` capped at REHEARSAL_MAX_FOR (the test-only `rehearsal.maxAlertFor` setting), so the
 *   rehearsal fits in a few minutes; expressions, routes, Alertmanager timings and templates stay as
 *   rendered. The benchmarks keep every rendered interval and `for:`;
 * - receivers point at local sinks: SMTP smarthost, PagerDuty events URL, and secret values that are
 *   sink URLs (Slack webhooks, Watchdog).
 */
export function e2eSettings(
  endpoints: E2eEndpoints,
  options: { fastIntervals: boolean } = { fastIntervals: true },
): StackSettings {
  return parseSettings({
    project: "xai-observability",
    stack: "e2e",
    secretKeys: new Set(Object.keys(SECRET_KEYS)),
    values: {
      target: "docker",
      ...(options.fastIntervals
        ? {
            scrapeInterval: "1s",
            evaluationInterval: "1s",
            rehearsal: { maxAlertFor: REHEARSAL_MAX_FOR },
            // Per-network thresholds, as an operator sets them: the rehearsal network's block time.
            networks: {
              [E2E_NETWORK]: { thresholds: { maxHeightLagBlocks: REHEARSAL_MAX_LAG_BLOCKS } },
              [STALL_NETWORK]: { thresholds: { blockTimeSeconds: STALL_BLOCK_SECONDS } },
            },
          }
        : {}),
      xaiNodes: [
        ...Object.entries(endpoints.nodes).map(([name, address]) => ({
          name,
          address,
          network: E2E_NETWORK,
        })),
        ...Object.entries(endpoints.stallNodes ?? {}).map(([name, address]) => ({
          name,
          address,
          network: STALL_NETWORK,
        })),
      ],
      containers: { enabled: false },
      logs: { enabled: false },
      alerting: {
        externalUrl: endpoints.alertmanagerUrl,
        email: {
          to: ["oncall@example.org"],
          from: "alertmanager@example.org",
          smarthost: endpoints.smtpSink,
          requireTls: false,
        },
        pagerduty: { eventsUrl: `${endpoints.httpSink}/pagerduty` },
      },
      ...e2eSecrets(endpoints),
    },
  });
}

/** Test values for every secret: webhook URLs lead to the HTTP sink, by channel. */
export function e2eSecrets(endpoints: Pick<E2eEndpoints, "httpSink">): Record<SecretKey, string> {
  const slack = (channel: string): string => `${endpoints.httpSink}/slack/${channel}`;
  return {
    grafanaAdminPassword: "e2e-not-used",
    grafanaSecretKey: "e2e-not-used",
    slackCriticalWebhookUrl: slack("critical"),
    slackNetworkWebhookUrl: slack("network"),
    slackSystemWebhookUrl: slack("system"),
    slackBlockchainWebhookUrl: slack("blockchain"),
    slackApiWebhookUrl: slack("api"),
    slackDigestWebhookUrl: slack("digest"),
    slackDefaultWebhookUrl: slack("default"),
    pagerdutyRoutingKey: "e2e-routing-key",
    smtpPassword: "e2e-not-used",
    watchdogUrl: `${endpoints.httpSink}/watchdog`,
  };
}
