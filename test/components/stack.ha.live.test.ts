import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SECRET_KEYS, parseSettings, type StackSettings } from "../../settings";
import { readStackConfig } from "../../settings/stackFile";
import { REPO_ROOT } from "../../harness/kubernetes";
import { ProcessGroup, freePort, sleep, waitFor } from "../../harness/processes";
import { SimulatedFleet } from "../../harness/fleet";
import { haReplicas, type Replica, type StaticTarget } from "../../harness/haCluster";
import { PrometheusApi } from "../../harness/prometheusApi";
import { E2E_NETWORK, e2eSecrets } from "../../harness/rehearsalSettings";
import { SmtpSink, WebhookSink } from "../../harness/sinks";

/**
 * THE PROD HA SET ON LOOPBACK. Two Prometheus and three Alertmanager replicas run the rendered prod
 * configs and the args of the rendered StatefulSets (cluster flags included). What differs from prod:
 * - addresses, ports and folders, through the rehearsal's loopback rewrite;
 * - Kubernetes service discovery becomes static targets with the pods' discovery labels (haCluster.ts);
 * - settings, as in the single-node rehearsal: 1s scrape and evaluation, alert `for:` capped at 5s
 *   (rehearsal.maxAlertFor), receivers at local sinks. Route timings (critical group_wait 10s, repeat 5m)
 *   and Alertmanager's gossip timings (peer timeout 15s) are the rendered defaults.
 */
const MAX_FOR = "5s";
/** Critical route's group_wait, plus Alertmanager's default peer timeout for each position behind it. */
const DEDUP_WINDOW_MS = (10 + 2 * 15 + 10) * 1000;

const SILENCED_NODE = "sim-silenced";
const INCIDENT = "sim-incident";
const FAILOVER = "sim-failover";
const NODES = ["sim-healthy", INCIDENT, FAILOVER, SILENCED_NODE];

type Receiver = "pagerduty" | "slack/critical" | "email";
const PAGE: readonly Receiver[] = ["pagerduty", "slack/critical", "email"];

/** prod's stack file with the test settings above laid over it. */
function haSettings(httpSink: string, smtpSink: string, externalUrl: string): StackSettings {
  const raw = readStackConfig(REPO_ROOT, "prod");
  return parseSettings({
    ...raw,
    stack: "prod",
    secretKeys: new Set(Object.keys(SECRET_KEYS)),
    values: {
      ...raw.values,
      scrapeInterval: "1s",
      evaluationInterval: "1s",
      rehearsal: { maxAlertFor: MAX_FOR },
      alerting: {
        externalUrl,
        email: { to: ["oncall@example.org"], from: "am@example.org", smarthost: smtpSink, requireTls: false },
        pagerduty: { eventsUrl: `${httpSink}/pagerduty` },
      },
      ...e2eSecrets({ httpSink }),
    },
  });
}

interface AmAlert {
  readonly labels: Record<string, string>;
  readonly status: { readonly state: string; readonly silencedBy: readonly string[] };
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function amAlerts(am: Replica, node: string): Promise<AmAlert[]> {
  const filter = encodeURIComponent(`node="${node}"`);
  return (await getJson<AmAlert[]>(`${am.url}/api/v2/alerts?filter=${filter}`)).filter(
    (alert) => alert.labels.alertname === "NodeDown",
  );
}

describe("prod HA on loopback: 2 Prometheus and 3 clustered Alertmanagers from the rendered StatefulSets", () => {
  const root = mkdtempSync(join(tmpdir(), "xai-ha-"));
  const sink = new WebhookSink();
  const smtp = new SmtpSink();
  const processes = new ProcessGroup();
  let fleet: SimulatedFleet | undefined;
  let prometheus: Replica[] = [];
  let alertmanager: Replica[] = [];
  let silenceId = "";
  let incidentActiveAt = "";

  const am = (index: number): Replica => alertmanager[index]!;
  const prom = (index: number): PrometheusApi => new PrometheusApi(prometheus[index]!.url);

  /** Firing notifications for NodeDown on `node`, per receiver (resolved ones are counted separately). */
  const notifications = (receiver: Receiver, node: string, resolved = false): string[] => {
    const texts =
      receiver === "email"
        ? smtp.received.map((mail) => mail.text)
        : sink.received.filter((post) => post.path === `/${receiver}`).map((post) => post.body);
    return texts.filter(
      (text) =>
        text.includes("NodeDown") &&
        text.includes(node) &&
        (receiver === "pagerduty"
          ? text.includes(resolved ? '"event_action":"resolve"' : '"event_action":"trigger"')
          : /RESOLVED/.test(text) === resolved),
    );
  };
  const everywhere = (node: string): string[] =>
    [...sink.received.map((request) => request.body), ...smtp.received.map((mail) => mail.text)].filter(
      (text) => text.includes(node),
    );

  async function deliveredToEveryReceiver(node: string): Promise<void> {
    await waitFor(
      `NodeDown on ${node} at every paging receiver`,
      () => {
        const missing = PAGE.filter((receiver) => notifications(receiver, node).length === 0);
        if (missing.length > 0) throw new Error(`not yet at ${missing.join(", ")}`);
        return Promise.resolve(true);
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
  }

  async function clusterSize(replica: Replica): Promise<number> {
    const status = await getJson<{ cluster: { status: string; peers?: unknown[] } }>(
      `${replica.url}/api/v2/status`,
    );
    return status.cluster.status === "ready" ? (status.cluster.peers ?? []).length : 0;
  }

  async function waitForCluster(members: readonly Replica[]): Promise<void> {
    await waitFor(
      `${members.map((m) => m.pod).join(", ")} to see a cluster of ${members.length}`,
      async () => {
        const sizes = await Promise.all(members.map(clusterSize));
        return sizes.every((size) => size === members.length) ? true : undefined;
      },
      { timeoutMs: 60_000 },
    );
  }

  beforeAll(async () => {
    const [httpSink, smtpSink] = await Promise.all([sink.start(), smtp.start()]);
    fleet = await SimulatedFleet.start(NODES, E2E_NETWORK);
    const running = fleet;
    const port = (): Promise<number> => freePort();
    const promPorts = [{ http: await port() }, { http: await port() }];
    const amPorts = [
      { http: await port(), mesh: await port() },
      { http: await port(), mesh: await port() },
      { http: await port(), mesh: await port() },
    ];
    const settings = haSettings(httpSink, smtpSink, `http://127.0.0.1:${amPorts[0]!.http}`);
    // The XAI pods: what discovery finds in the xai namespace for app.kubernetes.io/name=xai-node.
    const xaiPods: StaticTarget[] = NODES.map((name) => ({
      address: running.address(name),
      labels: {
        __meta_kubernetes_pod_name: name,
        __meta_kubernetes_pod_container_port_name: "metrics",
        __meta_kubernetes_pod_phase: "Running",
        __meta_kubernetes_namespace: "xai",
        __meta_kubernetes_pod_label_network: E2E_NETWORK,
      },
    }));
    const replicas = haReplicas(
      settings,
      { root, prometheus: promPorts, alertmanager: amPorts, extraTargets: { "xai-node-pods": xaiPods } },
      e2eSecrets({ httpSink }),
      processes,
    );
    prometheus = replicas.prometheus;
    alertmanager = replicas.alertmanager;
    await Promise.all(alertmanager.map((replica) => replica.up()));
    await Promise.all(prometheus.map((replica) => replica.up()));
  }, 120_000);

  afterAll(async () => {
    await processes.stopAll();
    await fleet?.stop();
    await Promise.all([sink.stop(), smtp.stop()]);
    rmSync(root, { recursive: true, force: true });
  }, 60_000);

  it("forms one gossip cluster of three from the StatefulSet's peer flags", async () => {
    await waitForCluster(alertmanager);
    // Both replicas scrape every Alertmanager and carry their own replica label.
    for (const [index, replica] of prometheus.entries()) {
      const result = await waitFor(
        `${replica.pod} to scrape the cluster size of every Alertmanager`,
        async () => {
          const answer = await prom(index).query("alertmanager_cluster_members", Date.now() / 1000);
          return answer.resultType === "vector" && answer.result.length === 3 ? answer.result : undefined;
        },
        { timeoutMs: 30_000 },
      );
      expect(result.map((sample) => sample.value[1])).toEqual(["3", "3", "3"]);
      const replicaLabel = await getJson<{ data: { yaml: string } }>(`${replica.url}/api/v1/status/config`);
      expect(replicaLabel.data.yaml).toContain(`replica: ${replica.pod}`);
    }
  }, 90_000);

  it("shares a silence created through one Alertmanager's API with the other two", async () => {
    const now = Date.now();
    const response = await fetch(`${am(0).url}/api/v2/silences`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        matchers: [{ name: "node", value: SILENCED_NODE, isRegex: false, isEqual: true }],
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
        createdBy: "ha test",
        comment: "maintenance on one node",
      }),
    });
    expect(response.status).toBe(200);
    silenceId = ((await response.json()) as { silenceID: string }).silenceID;
    for (const replica of alertmanager) {
      await waitFor(
        `the silence on ${replica.pod}`,
        async () => {
          const silences = await getJson<{ id: string; status: { state: string } }[]>(
            `${replica.url}/api/v2/silences`,
          );
          return silences.some((s) => s.id === silenceId && s.status.state === "active") || undefined;
        },
        { timeoutMs: 15_000 },
      );
    }
  }, 30_000);

  it("one incident, seen by both Prometheus replicas and sent to all three Alertmanagers, pages each receiver", async () => {
    const running = fleet!;
    await running.fault(INCIDENT, { stopServing: true });
    await running.fault(SILENCED_NODE, { stopServing: true });
    await deliveredToEveryReceiver(INCIDENT);
    // Both replicas fire it, and every Alertmanager holds it: deduplication happened in the cluster.
    for (const index of [0, 1]) {
      const firing = (await prom(index).alerts()).filter(
        (alert) => alert.labels.alertname === "NodeDown" && alert.labels.node === INCIDENT,
      );
      expect(firing.map((alert) => alert.state)).toEqual(["firing"]);
    }
    for (const replica of alertmanager) {
      const held = await waitFor(
        `the silenced node's NodeDown on ${replica.pod}`,
        async () => {
          const alerts = await amAlerts(replica, SILENCED_NODE);
          return alerts.length > 0 ? alerts : undefined;
        },
        { timeoutMs: 30_000 },
      );
      expect(held.map((alert) => alert.status.state)).toEqual(["suppressed"]);
      expect(held[0]?.status.silencedBy).toEqual([silenceId]);
    }
  }, 150_000);

  it("still pages once with one Alertmanager killed before the alert fires and another during group_wait", async () => {
    await am(2).kill();
    await fleet!.fault(FAILOVER, { stopServing: true });
    // The moment the alert reaches a live Alertmanager its group_wait starts; kill a second one then.
    await waitFor(
      "NodeDown on the failover node at a live Alertmanager",
      async () => ((await amAlerts(am(1), FAILOVER)).length > 0 ? true : undefined),
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    await am(1).kill();
    await deliveredToEveryReceiver(FAILOVER);
  }, 150_000);

  it("raises AlertmanagerClusterPeerMissing from the cluster metrics while peers are gone", async () => {
    const alert = await waitFor(
      "AlertmanagerClusterPeerMissing on the surviving Alertmanager",
      async () =>
        (await prom(0).alerts()).find(
          (candidate) =>
            candidate.labels.alertname === "AlertmanagerClusterPeerMissing" && candidate.state === "firing",
        ),
      { timeoutMs: 60_000 },
    );
    expect(alert.labels.instance).toBe("alertmanager-0");
  }, 90_000);

  it("keeps the incident firing without a flap when one Prometheus replica dies", async () => {
    const before = (await prom(0).alerts()).find(
      (alert) => alert.labels.alertname === "NodeDown" && alert.labels.node === INCIDENT,
    ) as { state: string; activeAt?: string } | undefined;
    expect(before?.state).toBe("firing");
    incidentActiveAt = before?.activeAt ?? "";
    expect(incidentActiveAt).not.toBe("");
    await prometheus[1]!.kill();
  });

  it("sends no duplicate after the killed Alertmanagers return, and keeps the silence across a restart of its creator", async () => {
    await Promise.all([am(1).up(), am(2).up()]);
    await waitForCluster(alertmanager);
    await am(0).stop();
    await am(0).up();
    const silence = await getJson<{ status: { state: string }; comment: string }>(
      `${am(0).url}/api/v2/silence/${silenceId}`,
    );
    expect(silence.status.state).toBe("active");
    await waitForCluster(alertmanager);

    // Prometheus re-sends firing alerts every minute; once every replica holds both incidents again, give
    // each the time to notify (group_wait, then its position's peer timeout) before counting.
    for (const replica of alertmanager) {
      await waitFor(
        `${replica.pod} to hold both incidents again`,
        async () => {
          const held = await Promise.all(
            [INCIDENT, FAILOVER, SILENCED_NODE].map((n) => amAlerts(replica, n)),
          );
          return held.every((alerts) => alerts.length > 0) ? true : undefined;
        },
        { timeoutMs: 90_000, intervalMs: 1_000 },
      );
    }
    await sleep(DEDUP_WINDOW_MS);

    for (const node of [INCIDENT, FAILOVER]) {
      for (const receiver of PAGE) {
        expect(notifications(receiver, node), `${node} at ${receiver}`).toHaveLength(1);
        expect(notifications(receiver, node, true), `${node} resolved at ${receiver}`).toEqual([]);
      }
    }
    expect(everywhere(SILENCED_NODE)).toEqual([]);
    for (const replica of alertmanager) {
      const held = await amAlerts(replica, SILENCED_NODE);
      expect(held.map((alert) => [alert.status.state, alert.status.silencedBy])).toEqual([
        ["suppressed", [silenceId]],
      ]);
    }

    // The surviving Prometheus never stopped firing the incident: same activeAt, never resolved.
    const after = (await prom(0).alerts()).find(
      (alert) => alert.labels.alertname === "NodeDown" && alert.labels.node === INCIDENT,
    ) as { state: string; activeAt?: string } | undefined;
    expect(after?.state).toBe("firing");
    expect(after?.activeAt).toBe(incidentActiveAt);
    const gaps = await prom(0).query(
      `count_over_time(ALERTS{alertname="NodeDown",node="${INCIDENT}",alertstate="firing"}[2m])`,
      Date.now() / 1000,
    );
    expect(gaps.resultType === "vector" && Number(gaps.result[0]?.value[1])).toBeGreaterThan(100);
  }, 300_000);
});
