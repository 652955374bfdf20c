import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SecretKey } from "../../../settings";
import { ProcessGroup, sleep, waitFor, type ManagedProcess } from "../../../harness/processes";
import { ALERTING_SECRETS, alertingSettings } from "../../support/alertmanagerFixtures";
import { prepareAlertmanager } from "../../../harness/alertmanager";
import { SmtpSink, WebhookSink } from "../../../harness/sinks";

/**
 * The only setting this test changes for speed: short group waits and intervals, so a run takes seconds.
 * Repeat intervals stay long, so every notification below is a first notification or a retry.
 */
const FAST_TEST_TIMINGS = {
  default: { groupWait: "1s", groupInterval: "2s", repeatInterval: "1h" },
  critical: { groupWait: "1s", groupInterval: "2s", repeatInterval: "5m" },
  digest: { groupWait: "1s", groupInterval: "2s", repeatInterval: "1h" },
  watchdog: { groupWait: "0s", groupInterval: "2s", repeatInterval: "1h" },
};

const SMTP_USER = "alertmanager";
const SMTP_PASSWORD = "smtp-password-from-secret-file";
const PAGERDUTY_KEY = "routing-key-from-secret-file";
const CLUSTER = "xai-dev";
const WAIT = { timeoutMs: 30_000, intervalMs: 250 };

const sink = new WebhookSink();
const smtp = new SmtpSink({ username: SMTP_USER, password: SMTP_PASSWORD });
const processes = new ProcessGroup();
const workDir = mkdtempSync(join(tmpdir(), "xai-alertmanager-live-"));
let alertmanagerUrl = "";
let startAlertmanager: () => Promise<ManagedProcess>;
let alertmanager: ManagedProcess;

beforeAll(async () => {
  const sinkUrl = await sink.start();
  const smarthost = await smtp.start();

  // Test settings point every integration at the local sinks; the config shape is the production one.
  const settingsFor = (url: string) =>
    alertingSettings(
      {
        externalUrl: url,
        email: {
          to: ["oncall@xai.example"],
          digestTo: ["digest@xai.example"],
          from: "alertmanager@xai.example",
          smarthost,
          username: SMTP_USER,
          requireTls: false,
        },
        pagerduty: { eventsUrl: `${sinkUrl}/pagerduty` },
        timings: FAST_TEST_TIMINGS,
      },
      ALERTING_SECRETS,
    );
  const secretValues: Partial<Record<SecretKey, string>> = {
    slackCriticalWebhookUrl: `${sinkUrl}/slack/critical`,
    slackNetworkWebhookUrl: `${sinkUrl}/slack/network`,
    slackSystemWebhookUrl: `${sinkUrl}/slack/system`,
    slackBlockchainWebhookUrl: `${sinkUrl}/slack/blockchain`,
    slackApiWebhookUrl: `${sinkUrl}/slack/api`,
    slackDigestWebhookUrl: `${sinkUrl}/slack/digest`,
    slackDefaultWebhookUrl: `${sinkUrl}/slack/default`,
    pagerdutyRoutingKey: PAGERDUTY_KEY,
    smtpPassword: SMTP_PASSWORD,
    watchdogUrl: `${sinkUrl}/watchdog`,
  };

  const live = await prepareAlertmanager(settingsFor, secretValues, processes, workDir);
  alertmanagerUrl = live.url;
  startAlertmanager = live.start;
  alertmanager = await startAlertmanager();
});

afterAll(async () => {
  await processes.stopAll();
  await Promise.allSettled([sink.stop(), smtp.stop()]);
  rmSync(workDir, { recursive: true, force: true });
});

interface TestAlert {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly startsAt: string;
  readonly endsAt?: string;
}

function alert(
  name: string,
  labels: { severity: string; service: string; node?: string },
  times: { startsAt?: Date; endsAt?: Date } = {},
): TestAlert {
  const { node, ...rest } = labels;
  const nodeLabels: Record<string, string> = node === undefined ? {} : { node, network: "mainnet" };
  return {
    labels: { alertname: name, cluster: CLUSTER, environment: "dev", ...rest, ...nodeLabels },
    annotations: {
      summary: `${name} summary for ${node ?? "the stack"}`,
      description: `${name} description text`,
      runbook_url: `https://runbooks.xai.example/${name}.md`,
    },
    startsAt: (times.startsAt ?? new Date()).toISOString(),
    ...(times.endsAt === undefined ? {} : { endsAt: times.endsAt.toISOString() }),
  };
}

async function post(alerts: readonly TestAlert[]): Promise<void> {
  const response = await fetch(`${alertmanagerUrl}/api/v2/alerts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(alerts),
  });
  expect(response.status, await response.text()).toBe(200);
}

interface AlertStatus {
  readonly labels: Record<string, string>;
  readonly status: { readonly state: string; readonly silencedBy: string[]; readonly inhibitedBy: string[] };
}

async function alertStatus(name: string, node: string): Promise<AlertStatus | undefined> {
  const filter = encodeURIComponent(`alertname="${name}"`);
  const response = await fetch(`${alertmanagerUrl}/api/v2/alerts?filter=${filter}`);
  const alerts = (await response.json()) as AlertStatus[];
  return alerts.find((candidate) => candidate.labels.node === node);
}

/** One alert in a PagerDuty event's custom_details, as xai.pagerduty.alerts writes it. */
interface PagerdutyAlert {
  readonly alertname: string;
  readonly severity: string;
  readonly node: string;
  readonly cluster: string;
  readonly summary: string;
  readonly runbook_url: string;
  readonly starts_at: string;
  readonly fired_for?: string;
}

interface PagerdutyEvent {
  readonly routing_key: string;
  readonly event_action: string;
  readonly payload: {
    readonly summary: string;
    readonly severity: string;
    readonly custom_details: {
      readonly firing: readonly PagerdutyAlert[];
      readonly resolved: readonly PagerdutyAlert[];
      readonly num_firing: number;
      readonly num_resolved: number;
      readonly cluster: string;
    };
  };
}

/** Text of every notification sent anywhere, for "never delivered" checks. */
function everyNotification(): string[] {
  return [
    ...sink.received.map((post) => `${post.path} ${post.body}`),
    ...smtp.received.map((mail) => mail.text),
  ];
}

const started = new Date(Date.now() - 3 * 60_000);

/** Waits (bounded) until `found` returns at least one item, and returns the items. */
async function arrived<T>(description: string, found: () => readonly T[]): Promise<readonly T[]> {
  return waitFor(
    description,
    () => {
      const items = found();
      return Promise.resolve(items.length > 0 ? items : undefined);
    },
    WAIT,
  );
}

/** Lets two more group intervals pass, for checks that something was NOT sent. */
async function quietPeriod(): Promise<void> {
  await sleep(4_000);
}

describe("a live Alertmanager running the rendered config", () => {
  it("pages a critical alert through PagerDuty, the critical Slack channel and email, with the templates", async () => {
    const cpu = { severity: "critical", service: "system", node: "xai-node-1" };
    await post([alert("CriticalCPUUsage", cpu, { startsAt: started })]);
    const title = "[FIRING:1/0] CriticalCPUUsage on xai-node-1 (xai-dev)";

    const [slackPost] = await arrived("the critical Slack message", () =>
      sink.delivered("/slack/critical", "CriticalCPUUsage"),
    );
    const slackBody = JSON.parse(slackPost?.body ?? "{}") as {
      channel: string;
      attachments: { title: string; text: string }[];
    };
    expect(slackBody.channel).toBe("#xai-critical");
    expect(slackBody.attachments[0]?.title).toBe(title);
    const slackText = slackBody.attachments[0]?.text ?? "";
    for (const expected of [
      "*Critical: on-call has been paged.*",
      "1 firing, 0 resolved",
      "*CriticalCPUUsage* (firing): CriticalCPUUsage summary for xai-node-1",
      "severity: critical | node: xai-node-1 | cluster: xai-dev",
      "CriticalCPUUsage description text",
      "Runbook: https://runbooks.xai.example/CriticalCPUUsage.md",
      "Dashboard: http://127.0.0.1:3000/d/xai-node-health?var-node=xai-node-1",
      `Silence: ${alertmanagerUrl}/#/silences/new?filter=%7Balertname%3D%22CriticalCPUUsage%22%2Ccluster%3D%22xai-dev%22%2Cnetwork%3D%22mainnet%22%2Cnode%3D%22xai-node-1%22%7D`,
    ]) {
      expect(slackText).toContain(expected);
    }

    const [page] = await arrived("the PagerDuty event", () =>
      sink.delivered("/pagerduty", "CriticalCPUUsage"),
    );
    const event = JSON.parse(page?.body ?? "{}") as PagerdutyEvent;
    // The routing key came from the secret file.
    expect(event.routing_key).toBe(PAGERDUTY_KEY);
    expect(event.event_action).toBe("trigger");
    expect(event.payload.severity).toBe("critical");
    expect(event.payload.summary).toBe(`${title}: CriticalCPUUsage summary for xai-node-1`);
    const details = event.payload.custom_details;
    expect(details.firing).toEqual([
      {
        alertname: "CriticalCPUUsage",
        severity: "critical",
        node: "xai-node-1",
        cluster: CLUSTER,
        summary: "CriticalCPUUsage summary for xai-node-1",
        runbook_url: "https://runbooks.xai.example/CriticalCPUUsage.md",
        starts_at: expect.any(String) as unknown,
      },
    ]);
    expect(Date.parse(details.firing[0]?.starts_at ?? "")).toBe(started.getTime());
    expect(details.resolved).toEqual([]);
    expect(details).toMatchObject({ num_firing: 1, num_resolved: 0, cluster: CLUSTER });

    const [mail] = await arrived("the critical email", () =>
      smtp.delivered("oncall@xai.example", "CriticalCPUUsage"),
    );
    expect(mail?.text).toContain(`Subject: ${title}`);
    expect(mail?.text).toContain(
      "<strong>CriticalCPUUsage</strong> (firing): CriticalCPUUsage summary for xai-node-1",
    );
    expect(mail?.text).toContain('<a href="https://runbooks.xai.example/CriticalCPUUsage.md">Runbook</a>');
    // The SMTP login used the password from the secret file.
    expect(smtp.rejectedLogins).toEqual([]);
  });

  it("reports a resolved critical with how long it fired", async () => {
    const cpu = { severity: "critical", service: "system", node: "xai-node-1" };
    await post([alert("CriticalCPUUsage", cpu, { startsAt: started, endsAt: new Date() })]);
    const [resolved] = await arrived("the resolved Slack message", () =>
      sink.delivered("/slack/critical", "Critical resolved", "CriticalCPUUsage"),
    );
    expect(resolved?.body).toContain("[RESOLVED:0/1] CriticalCPUUsage on xai-node-1 (xai-dev)");
    // It started three minutes before the suite; the template rounds to whole seconds.
    const firedMinutes = Number(/Fired for (\d+)m\d+s/.exec(resolved?.body ?? "")?.[1]);
    expect(firedMinutes).toBeGreaterThanOrEqual(3);
    const [resolve] = await arrived("the PagerDuty resolve event", () =>
      sink.delivered("/pagerduty", '"event_action":"resolve"', "CriticalCPUUsage"),
    );
    const details = (JSON.parse(resolve?.body ?? "{}") as PagerdutyEvent).payload.custom_details;
    expect(details.firing).toEqual([]);
    expect(details.resolved).toEqual([
      expect.objectContaining({ alertname: "CriticalCPUUsage", node: "xai-node-1", cluster: CLUSTER }),
    ]);
    expect(Number(/^(\d+)m\d+s$/.exec(details.resolved[0]?.fired_for ?? "")?.[1])).toBeGreaterThanOrEqual(3);
  });

  it("inhibits a warning on the node of its critical twin, but not the same warning on another node", async () => {
    await post([
      alert("CriticalMemoryUsage", { severity: "critical", service: "system", node: "xai-node-2" }),
    ]);
    await arrived("the critical memory page", () => sink.delivered("/pagerduty", "CriticalMemoryUsage"));
    await post([
      alert("HighMemoryUsage", { severity: "warning", service: "system", node: "xai-node-2" }),
      alert("HighMemoryUsage", { severity: "warning", service: "system", node: "xai-node-3" }),
    ]);

    await arrived("the warning for xai-node-3 in the system channel", () =>
      sink.delivered("/slack/system", "HighMemoryUsage on xai-node-3"),
    );
    const inhibited = await waitFor(
      "xai-node-2's warning to show as inhibited",
      async () => {
        const status = await alertStatus("HighMemoryUsage", "xai-node-2");
        return status?.status.state === "suppressed" ? status : undefined;
      },
      WAIT,
    );
    expect(inhibited.status.inhibitedBy).toHaveLength(1);
    await quietPeriod();
    expect(everyNotification().filter((text) => text.includes("HighMemoryUsage on xai-node-2"))).toEqual([]);
  });

  it("sends info alerts to the daily digest and never to the pager", async () => {
    await post([
      alert("ChainReorganization", { severity: "info", service: "blockchain", node: "xai-node-1" }),
      alert("NodeUpgradeRequired", { severity: "info", service: "blockchain", node: "xai-node-2" }),
    ]);
    const [digest] = await arrived("the digest email", () =>
      smtp.delivered("digest@xai.example", "ChainReorganization"),
    );
    // One message for the cluster's info alerts, not one per alert.
    expect(digest?.to).toEqual(["digest@xai.example"]);
    expect(digest?.text).toContain("Subject: [FIRING:2/0] Several alerts (xai-dev)");
    expect(digest?.text).toContain("NodeUpgradeRequired summary for xai-node-2");
    await quietPeriod();
    expect(smtp.delivered("digest@xai.example")).toHaveLength(1);
    expect(
      sink.received.filter((request) => /ChainReorganization|NodeUpgradeRequired/.test(request.body)),
    ).toEqual([]);
  });

  it("pings the dead-man's switch with the Watchdog and sends it to no human channel", async () => {
    await post([alert("Watchdog", { severity: "info", service: "monitoring" })]);
    await arrived("the Watchdog ping", () => sink.delivered("/watchdog"));
    await quietPeriod();
    const elsewhere = everyNotification().filter(
      (text) => !text.startsWith("/watchdog ") && text.includes("Watchdog"),
    );
    expect(elsewhere).toEqual([]);
  });

  it("keeps silences and the notification log across a restart on the same storage path", async () => {
    const silence = await fetch(`${alertmanagerUrl}/api/v2/silences`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        matchers: [
          { name: "alertname", value: "LowPeerCount", isRegex: false, isEqual: true },
          { name: "node", value: "xai-node-4", isRegex: false, isEqual: true },
        ],
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        createdBy: "live test",
        comment: "planned maintenance",
      }),
    });
    expect(silence.status).toBe(200);
    const { silenceID } = (await silence.json()) as { silenceID: string };
    const pagesBefore = sink.delivered("/pagerduty", "CriticalMemoryUsage").length;
    expect(pagesBefore).toBeGreaterThan(0);

    await processes.stop(alertmanager);
    alertmanager = await startAlertmanager();

    const silences = (await (await fetch(`${alertmanagerUrl}/api/v2/silences`)).json()) as {
      id: string;
      status: { state: string };
    }[];
    expect(silences.find((candidate) => candidate.id === silenceID)?.status.state).toBe("active");

    // Prometheus re-sends firing alerts after a restart; do the same here.
    await post([
      alert("LowPeerCount", { severity: "warning", service: "network", node: "xai-node-4" }),
      alert("CriticalMemoryUsage", { severity: "critical", service: "system", node: "xai-node-2" }),
    ]);
    const silenced = await waitFor(
      "the silenced alert's status",
      async () => {
        const status = await alertStatus("LowPeerCount", "xai-node-4");
        return status?.status.state === "suppressed" ? status : undefined;
      },
      WAIT,
    );
    expect(silenced.status.silencedBy).toEqual([silenceID]);
    await quietPeriod();
    expect(sink.delivered("/slack/network", "LowPeerCount")).toEqual([]);
    // The notification log survived too: the page already sent is not sent again.
    expect(sink.delivered("/pagerduty", "CriticalMemoryUsage")).toHaveLength(pagesBefore);
  });

  it("delivers a page that failed while the receiver was down once it recovers", async () => {
    sink.failing = true;
    await post([alert("CriticalDiskSpace", { severity: "critical", service: "system", node: "xai-node-5" })]);
    await waitFor(
      "two failed PagerDuty attempts",
      () => {
        const failed = sink.received.filter(
          (request) =>
            request.path === "/pagerduty" &&
            request.status === 503 &&
            request.body.includes("CriticalDiskSpace"),
        );
        return Promise.resolve(failed.length >= 2 ? failed : undefined);
      },
      WAIT,
    );
    expect(sink.delivered("/pagerduty", "CriticalDiskSpace")).toEqual([]);
    sink.failing = false;
    await arrived("the page after recovery", () => sink.delivered("/pagerduty", "CriticalDiskSpace"));
    await arrived("the Slack message after recovery", () =>
      sink.delivered("/slack/critical", "CriticalDiskSpace"),
    );
  });
});
