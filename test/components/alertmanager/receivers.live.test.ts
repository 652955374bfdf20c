import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WATCHDOG_INTEGRATION } from "../../../settings/names";
import { EXPORTER_JOBS } from "../../../metrics";
import { alertDefinitions } from "../../../rules";
import { renderRuleFiles, RULES_DIRECTORY } from "../../../rules/render";
import { binaryPath } from "../../../harness/binaries";
import { freePort, ProcessGroup, sleep, waitFor } from "../../../harness/processes";
import { PrometheusApi, type PrometheusAlert } from "../../../harness/prometheusApi";
import { alertingSettings } from "../../support/alertmanagerFixtures";
import { prepareAlertmanager, scrape, total } from "../../../harness/alertmanager";
import { WebhookSink, type SinkReply } from "../../../harness/sinks";

/**
 * The Watchdog on the Alertmanager the tests run (0.33), against dead-man's switches that answer the way
 * real ones do, with a live Prometheus scraping that Alertmanager and evaluating the rendered monitoring
 * rules (AlertmanagerNotificationsFailing among them) every second.
 */

const FAILING_ALERT = "AlertmanagerNotificationsFailing";
const PINGS = {
  webhook: "alertmanager_notifications_total",
  failed: "alertmanager_notifications_failed_total",
};
const WAIT = { timeoutMs: 45_000, intervalMs: 250 };

/** healthchecks.io's answer to a ping. */
const PLAIN_OK: SinkReply = { status: 200, contentType: "text/plain; charset=utf-8", body: "OK" };
/** A JSON answer without Slack's `ok` field. */
const JSON_WITHOUT_OK: SinkReply = {
  status: 200,
  contentType: "application/json",
  body: '{"status":"received","message":"ping accepted"}',
};
const SERVER_ERROR: SinkReply = { status: 500, contentType: "text/plain", body: "internal error" };

/** Only what the speed of the test needs: pings every ~2s, critical groups sent at once. */
const FAST_TIMINGS = {
  watchdog: { groupWait: "0s", groupInterval: "1s", repeatInterval: "2s" },
  critical: { groupWait: "1s", groupInterval: "1s", repeatInterval: "2s" },
};

const deadMansSwitch = new WebhookSink();
const pagerduty = new WebhookSink();
const processes = new ProcessGroup();
const workDir = mkdtempSync(join(tmpdir(), "xai-dead-mans-switch-"));
let alertmanagerUrl = "";
let prometheus: PrometheusApi;
/** The rendered rule's expression, and the same without the Watchdog's exclusion, for contrast. */
let failingExpr = "";
let failingExprCountingWatchdog = "";

beforeAll(async () => {
  const switchUrl = await deadMansSwitch.start();
  const pagerdutyUrl = await pagerduty.start();
  const settingsFor = (url: string) =>
    alertingSettings(
      { externalUrl: url, pagerduty: { eventsUrl: `${pagerdutyUrl}/pagerduty` }, timings: FAST_TIMINGS },
      ["watchdogUrl", "pagerdutyRoutingKey"],
    );
  const alertmanager = await prepareAlertmanager(
    settingsFor,
    { watchdogUrl: `${switchUrl}/ping/3f1c2a`, pagerdutyRoutingKey: "routing-key" },
    processes,
    join(workDir, "alertmanager"),
  );
  alertmanagerUrl = alertmanager.url;
  deadMansSwitch.reply = PLAIN_OK;
  await alertmanager.start();

  // The rendered monitoring group (with the Watchdog rule that feeds the pings), unchanged.
  const settings = settingsFor(alertmanagerUrl);
  const rulesFile = renderRuleFiles(settings).find(
    (file) => file.relativePath === `${RULES_DIRECTORY}/monitoring.yml`,
  );
  if (rulesFile === undefined) throw new Error("no monitoring rule file rendered");
  const failing = alertDefinitions(settings).find((alert) => alert.name === FAILING_ALERT);
  if (failing === undefined) throw new Error(`no ${FAILING_ALERT} rule rendered`);
  failingExpr = failing.expr;
  failingExprCountingWatchdog = failing.expr.replaceAll(`,integration!="${WATCHDOG_INTEGRATION}"`, "");
  expect(failingExprCountingWatchdog).not.toBe(failingExpr);

  const prometheusDir = join(workDir, "prometheus");
  mkdirSync(prometheusDir, { recursive: true });
  writeFileSync(join(prometheusDir, "monitoring.yml"), rulesFile.content);
  const target = { targets: [`127.0.0.1:${String(alertmanager.port)}`] };
  writeFileSync(
    join(prometheusDir, "prometheus.yml"),
    stringify({
      global: { scrape_interval: "1s", evaluation_interval: "1s" },
      rule_files: [join(prometheusDir, "monitoring.yml")],
      alerting: { alertmanagers: [{ static_configs: [target] }] },
      scrape_configs: [{ job_name: EXPORTER_JOBS.alertmanager, static_configs: [target] }],
    }),
  );
  const port = await freePort();
  const prometheusUrl = `http://127.0.0.1:${String(port)}`;
  await processes.start({
    name: "prometheus",
    command: binaryPath("prometheus"),
    args: [
      `--config.file=${join(prometheusDir, "prometheus.yml")}`,
      `--storage.tsdb.path=${join(prometheusDir, "data")}`,
      `--web.listen-address=127.0.0.1:${String(port)}`,
      // Prometheus sends the Watchdog at its first evaluation, which can come before it has found
      // Alertmanager; the default 1m resend delay would then hold the first ping back for a minute.
      "--rules.alert.resend-delay=2s",
    ],
    readyUrl: `${prometheusUrl}/-/ready`,
  });
  prometheus = new PrometheusApi(prometheusUrl);
});

afterAll(async () => {
  await processes.stopAll();
  await Promise.allSettled([deadMansSwitch.stop(), pagerduty.stop()]);
  rmSync(workDir, { recursive: true, force: true });
});

async function webhookCounts(): Promise<{ sent: number; failed: number }> {
  const samples = await scrape(`${alertmanagerUrl}/metrics`);
  const integration = { integration: WATCHDOG_INTEGRATION };
  return {
    sent: total(samples, PINGS.webhook, integration),
    failed: total(samples, PINGS.failed, integration),
  };
}

/** Waits until the switch has answered `count` more pings with `reply`. */
async function pingsAnswered(reply: SinkReply, count: number): Promise<void> {
  deadMansSwitch.reply = reply;
  const before = deadMansSwitch.received.length;
  await waitFor(
    `${String(count)} Watchdog pings answered ${String(reply.status)} ${reply.body}`,
    () => {
      const answered = deadMansSwitch.received
        .slice(before)
        .filter((ping) => ping.status === reply.status && ping.path === "/ping/3f1c2a");
      return Promise.resolve(answered.length >= count ? answered : undefined);
    },
    WAIT,
  );
}

/** Waits until Prometheus has scraped at least `sent` Watchdog notifications, then two more evaluations. */
async function prometheusHasSeen(sent: number): Promise<void> {
  const query = `sum(${PINGS.webhook}{job="${EXPORTER_JOBS.alertmanager}",integration="${WATCHDOG_INTEGRATION}"}) >= ${String(sent)}`;
  await waitFor(
    `Prometheus to scrape ${String(sent)} Watchdog notifications`,
    async () => {
      const result = await prometheus.query(query);
      return result.resultType === "vector" && result.result.length > 0 ? true : undefined;
    },
    WAIT,
  );
  await sleep(2_500);
}

async function seriesOf(expr: string): Promise<Record<string, string>[]> {
  const result = await prometheus.query(expr);
  if (result.resultType !== "vector") throw new Error(`${expr} gave a ${result.resultType}`);
  return result.result.map((sample) => sample.metric);
}

async function failingAlerts(): Promise<PrometheusAlert[]> {
  return (await prometheus.alerts()).filter((alert) => alert.labels.alertname === FAILING_ALERT);
}

/** The rule is loaded, healthy and evaluated, and neither pending nor firing. */
async function expectFailingAlertQuiet(): Promise<void> {
  const rules = (await prometheus.ruleGroups()).flatMap((group) => group.rules);
  expect(rules.find((rule) => rule.name === FAILING_ALERT)).toMatchObject({
    health: "ok",
    state: "inactive",
  });
  expect(await seriesOf(failingExpr)).toEqual([]);
  expect(await failingAlerts()).toEqual([]);
}

describe("the Watchdog's dead-man's switch on a live Alertmanager and Prometheus", () => {
  it("counts pings a switch answers with plain OK (like healthchecks.io) as delivered", async () => {
    await pingsAnswered(PLAIN_OK, 3);
    const counts = await webhookCounts();
    expect(counts.sent).toBeGreaterThanOrEqual(3);
    expect(counts.failed).toBe(0);
    // The Watchdog came from the rendered rule through Prometheus, not from the test.
    expect((await prometheus.alerts()).map((alert) => [alert.labels.alertname, alert.state])).toContainEqual([
      "Watchdog",
      "firing",
    ]);
  });

  it("counts pings a switch answers with JSON that has no ok field as delivered", async () => {
    const before = await webhookCounts();
    await pingsAnswered(JSON_WITHOUT_OK, 3);
    const after = await webhookCounts();
    expect(after.sent - before.sent).toBeGreaterThanOrEqual(3);
    expect(after.failed).toBe(0);
  });

  it("leaves AlertmanagerNotificationsFailing quiet while every ping is delivered", async () => {
    const { sent } = await webhookCounts();
    await prometheusHasSeen(sent);
    await expectFailingAlertQuiet();
    // Quiet even if the Watchdog were counted: nothing failed.
    expect(await seriesOf(failingExprCountingWatchdog)).toEqual([]);
  });

  it("counts pings a switch answers with 500 as failed, and leaves paging about them to the switch", async () => {
    await pingsAnswered(SERVER_ERROR, 2);
    const counts = await waitFor(
      "a failed Watchdog notification",
      async () => {
        const current = await webhookCounts();
        return current.failed > 0 ? current : undefined;
      },
      WAIT,
    );
    expect(counts.failed).toBeGreaterThan(0);
    await prometheusHasSeen(counts.sent);
    // Counting the Watchdog, the rule would now fire for the webhook; as rendered it stays quiet.
    expect(await seriesOf(failingExprCountingWatchdog)).toContainEqual(
      expect.objectContaining({ integration: WATCHDOG_INTEGRATION }),
    );
    await expectFailingAlertQuiet();
  });

  it("still catches a failing PagerDuty: the live rule goes pending for it", async () => {
    pagerduty.failing = true;
    const response = await fetch(`${alertmanagerUrl}/api/v2/alerts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([
        {
          labels: { alertname: "NodeDown", severity: "critical", service: "blockchain", node: "xai-node-1" },
          annotations: { summary: "xai-node-1 is down" },
          startsAt: new Date().toISOString(),
        },
      ]),
    });
    expect(response.status).toBe(200);
    const [pending] = await waitFor(
      `${FAILING_ALERT} pending for PagerDuty`,
      async () => {
        const alerts = await failingAlerts();
        return alerts.length > 0 ? alerts : undefined;
      },
      WAIT,
    );
    expect(pending?.labels).toMatchObject({ integration: "pagerduty", severity: "critical" });
    expect(pending?.state).toBe("pending");
    const integrations = (await failingAlerts()).map((alert) => alert.labels.integration);
    expect(integrations).not.toContain(WATCHDOG_INTEGRATION);
  });
});
