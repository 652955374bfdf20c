import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDashboards } from "../../dashboards";
import { freePort, waitFor } from "../../harness/processes";
import { dashboardQueries, parseLabelValues, regexOf, substitute } from "../../harness/dashboardQueries";
import { SimulatedFleet } from "../../harness/fleet";
import { LocalStack } from "../../harness/localStack";
import { PrometheusApi, hasData } from "../../harness/prometheusApi";
import {
  E2E_NETWORK,
  STALL_BLOCK_SECONDS,
  STALL_NETWORK,
  e2eSecrets,
  e2eSettings,
} from "../../harness/rehearsalSettings";
import { SmtpSink, WebhookSink } from "../../harness/sinks";

type Receiver = "pagerduty" | "email" | `slack/${string}`;
const PAGE: readonly Receiver[] = ["pagerduty", "slack/critical", "email"];

interface FaultCase {
  readonly node: string;
  readonly alert: string;
  readonly inject: (fleet: SimulatedFleet) => Promise<void>;
  /** Where the alert must arrive, per the routing table of the Alertmanager issue. */
  readonly receivers: readonly Receiver[];
  /** Alerts the fault also fires in Prometheus that Alertmanager inhibits (delivered nowhere). */
  readonly alsoFiresInhibited?: readonly string[];
  /** Alerts the fault may also fire, depending on how long the rehearsal has run by the check. */
  readonly mayAlsoFire?: readonly string[];
}

const FAULTS: readonly FaultCase[] = [
  {
    node: "sim-down",
    alert: "NodeDown",
    inject: (f) => f.fault("sim-down", { stopServing: true }),
    receivers: PAGE,
  },
  {
    node: "sim-nopeers",
    alert: "NoPeersConnected",
    inject: (f) => f.fault("sim-nopeers", { peers: 0 }),
    receivers: PAGE,
  },
  {
    node: "sim-mempool",
    alert: "LargeMempool",
    inject: (f) => f.fault("sim-mempool", { mempoolFlood: true }),
    receivers: ["slack/blockchain"],
  },
  {
    node: "sim-5xx",
    alert: "HighAPIErrorRate",
    inject: (f) => f.fault("sim-5xx", { errorStorm: true }),
    receivers: ["slack/api"],
  },
  {
    // The same 5xx storm burns the availability SLO's budget at 100x: the fast burn pages, and it
    // silences the slow burn (the ticket) on the same node.
    node: "sim-5xx",
    alert: "APIAvailabilityErrorBudgetFastBurn",
    inject: (f) => f.fault("sim-5xx", { errorStorm: true }),
    receivers: PAGE,
    alsoFiresInhibited: ["APIAvailabilityErrorBudgetSlowBurn"],
  },
  { node: "sim-crash", alert: "NodeProcessCrash", inject: (f) => f.restart("sim-crash"), receivers: PAGE },
  {
    // Its height stops while its peers keep adding blocks: the lag grows past the network's tolerance.
    node: "sim-lag",
    alert: "NodeHeightBehindNetwork",
    inject: (f) => f.fault("sim-lag", { stopBlocks: true }),
    receivers: ["slack/blockchain"],
    // A node that stops while its network goes on is out of sync and misses blocks by the in-sync and
    // block production SLOs' definitions; with a few minutes of history their budgets burn fast within
    // about a minute, so their burn alerts may fire too.
    mayAlsoFire: [
      "InSyncErrorBudgetFastBurn",
      "InSyncErrorBudgetSlowBurn",
      "BlockProductionErrorBudgetFastBurn",
      "BlockProductionErrorBudgetSlowBurn",
    ],
  },
  {
    node: "sim-supply",
    alert: "UnusualSupplyChange",
    inject: (f) => f.fault("sim-supply", { supplyJump: true }),
    receivers: PAGE,
  },
];
const HEALTHY = "sim-healthy";
const NODE_NAMES = [HEALTHY, ...new Set(FAULTS.map((fault) => fault.node))];
/** Every node of STALL_NETWORK stops mining at once: one network alert, none per node. */
const STALL_NODES = ["stall-a", "stall-b"];
const NETWORK_STALL_ALERT = "NetworkBlockProductionStalled";

/** Alert names declared in rendered rule files, with their `for` in seconds. */
function renderedAlerts(files: readonly { path: string; content: string }[]): Map<string, number> {
  const alerts = new Map<string, number>();
  for (const file of files.filter((f) => f.path.includes("/rules/"))) {
    const doc = parse(file.content) as { groups?: { rules?: { alert?: string; for?: string }[] }[] };
    for (const rule of (doc.groups ?? []).flatMap((group) => group.rules ?? [])) {
      if (rule.alert) alerts.set(rule.alert, seconds(rule.for ?? "0s"));
    }
  }
  return alerts;
}

function seconds(duration: string): number {
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400 };
  let total = 0;
  for (const [, amount, unit] of duration.matchAll(/(\d+)(ms|s|m|h|d)/g))
    total += Number(amount) * units[unit!]!;
  return total;
}

describe("rehearsal: the rendered stack on real Prometheus, Alertmanager and node_exporter", () => {
  const root = mkdtempSync(join(tmpdir(), "xai-e2e-"));
  const sink = new WebhookSink();
  const smtp = new SmtpSink();
  let fleet: SimulatedFleet | undefined;
  let stallFleet: SimulatedFleet | undefined;
  let stack: LocalStack;
  /** Set as soon as the stack exists, so teardown stops whatever started even if setup failed. */
  let toStop: LocalStack | undefined;
  let prometheus: PrometheusApi;

  /** Texts delivered to one receiver (HTTP bodies, or decoded mails). */
  const delivered = (receiver: Receiver): string[] =>
    receiver === "email"
      ? smtp.received.map((mail) => mail.text)
      : sink.delivered(`/${receiver}`).map((r) => r.body);

  beforeAll(async () => {
    const [httpSink, smtpSink] = await Promise.all([sink.start(), smtp.start()]);
    fleet = await SimulatedFleet.start(NODE_NAMES, E2E_NETWORK);
    stallFleet = await SimulatedFleet.start(STALL_NODES, STALL_NETWORK, {
      blockIntervalSeconds: STALL_BLOCK_SECONDS,
    });
    const running = fleet;
    const stalling = stallFleet;
    const ports = {
      prometheus: await freePort(),
      alertmanager: await freePort(),
      nodeExporter: await freePort(),
    };
    const settings = e2eSettings({
      httpSink,
      smtpSink,
      alertmanagerUrl: `http://127.0.0.1:${ports.alertmanager}`,
      nodes: Object.fromEntries(NODE_NAMES.map((name) => [name, running.address(name)])),
      stallNodes: Object.fromEntries(STALL_NODES.map((name) => [name, stalling.address(name)])),
    });
    stack = new LocalStack(root, ports, settings, e2eSecrets({ httpSink }));
    toStop = stack;
    for (const service of ["node-exporter", "alertmanager", "prometheus"] as const) {
      stack.materialize(service);
      await stack.start(service);
    }
    prometheus = new PrometheusApi(stack.url("prometheus"));
  }, 90_000);

  afterAll(async () => {
    await toStop?.stopAll();
    await fleet?.stop();
    await stallFleet?.stop();
    await Promise.all([sink.stop(), smtp.stop()]);
    rmSync(root, { recursive: true, force: true });
  }, 60_000);

  it("scrapes every target it can reach here", async () => {
    // Grafana has no binary on this machine (settings/versions.ts says how its image is checked instead),
    // so its job is the one target left down.
    const notHere = new Set(["grafana"]);
    const targets = await waitFor(
      "every local target to be up",
      async () => {
        const all = await prometheus.targets();
        const local = all.filter((t) => !notHere.has(t.scrapePool));
        return local.length > 0 && local.every((t) => t.health === "up") ? all : undefined;
      },
      { timeoutMs: 20_000 },
    );
    const pools = new Set(targets.map((t) => t.scrapePool));
    expect([...pools].sort()).toEqual(["alertmanager", "grafana", "node-exporter", "prometheus", "xai-node"]);
    const nodes = targets.filter((t) => t.scrapePool === "xai-node").map((t) => t.labels.node);
    expect(nodes.sort()).toEqual([...NODE_NAMES, ...STALL_NODES].sort());
  });

  it("loads every rendered rule group and evaluates every rule without errors", async () => {
    const ruleFiles = stack.specs.prometheus.configFiles.filter((file) => file.path.includes("/rules/"));
    const expectedGroups = ruleFiles
      .flatMap((file) => (parse(file.content) as { groups?: { name: string }[] }).groups ?? [])
      .map((group) => group.name);
    expect(expectedGroups.length).toBeGreaterThan(0);
    const groups = await waitFor(
      "every rule to be evaluated",
      async () => {
        const loaded = await prometheus.ruleGroups();
        const evaluated = loaded.every((group) => group.rules.every((rule) => rule.health !== "unknown"));
        return evaluated ? loaded : undefined;
      },
      { timeoutMs: 20_000 },
    );
    expect(groups.map((group) => group.name).sort()).toEqual([...expectedGroups].sort());
    const unhealthy = groups.flatMap((group) =>
      group.rules
        .filter((rule) => rule.health !== "ok")
        .map((rule) => `${group.name}/${rule.name}: ${rule.lastError ?? ""}`),
    );
    expect(unhealthy).toEqual([]);
  });

  it("shows data in every dashboard panel, with variables substituted as Grafana would", async () => {
    const scrapeSeconds = 1;
    const dashboards = buildDashboards().map((model) => dashboardQueries(model));
    expect(dashboards.map((board) => board.title)).toContain("SLOs");
    expect(dashboards.map((board) => board.title)).toContain("Fleet Overview");
    for (const board of dashboards) {
      // Each query variable resolves through its label_values() query; All is Grafana's allValue, or the
      // selection of every value when none is set.
      const values: Record<string, string> = {};
      for (const variable of board.variables) {
        const { selector, label } = parseLabelValues(
          substitute(variable.definition, values, { rangeSeconds: 300, scrapeSeconds }),
        );
        const options = await prometheus.labelValues(label, selector);
        expect(options.length, `${board.title}: variable ${variable.name}`).toBeGreaterThan(0);
        values[variable.name] = variable.allValue ?? regexOf(options);
      }
      const empty = await waitFor(
        `every panel of ${board.title} to return data`,
        async () => {
          const end = Date.now() / 1000;
          const missing: string[] = [];
          for (const query of board.queries) {
            const expr = substitute(query.expr, values, { rangeSeconds: 300, scrapeSeconds });
            const result = query.instant
              ? await prometheus.query(expr, end)
              : await prometheus.queryRange(expr, end - 300, end, scrapeSeconds * 15);
            if (!hasData(result)) missing.push(`${query.panel} [${query.refId}]: ${expr}`);
          }
          // Thrown, so a timeout names the panels still without data.
          if (missing.length > 0) throw new Error(`no data yet: ${missing.join("; ")}`);
          return missing;
        },
        // The block production SLI compares heights a minute apart, so it needs a minute of history.
        // Generous: the machine is shared, and one slow scrape round delays the first full minute.
        { timeoutMs: board.title === "SLOs" ? 150_000 : 60_000, intervalMs: 2_000 },
      ).catch((error: unknown) => [String(error)]);
      expect(empty, board.title).toEqual([]);
      expect(board.queries.length, board.title).toBeGreaterThan(0);
    }
  }, 360_000);

  it("fires each fault's alert and delivers it to its receivers only; other alerts stay quiet", async () => {
    const alerts = renderedAlerts(stack.specs.prometheus.configFiles);
    for (const fault of FAULTS)
      expect(alerts.has(fault.alert), `rendered rules define ${fault.alert}`).toBe(true);
    const longestFor = Math.max(...FAULTS.map((fault) => alerts.get(fault.alert) ?? 0));
    const running = fleet!;
    for (const fault of FAULTS) await fault.inject(running);
    await stallFleet!.stallNetwork();
    const stallMentions = (receiver: Receiver): string[] =>
      delivered(receiver).filter(
        (text) => text.includes(NETWORK_STALL_ALERT) && text.includes(STALL_NETWORK),
      );

    const arrived = await waitFor(
      "every fault's alert at every expected receiver",
      () => {
        const pending = PAGE.filter((receiver) => stallMentions(receiver).length === 0).map(
          (receiver) => `${NETWORK_STALL_ALERT}@${STALL_NETWORK} -> ${receiver}`,
        );
        pending.push(
          ...FAULTS.flatMap((fault) =>
            fault.receivers
              .filter(
                (receiver) =>
                  !delivered(receiver).some(
                    (text) => text.includes(fault.alert) && text.includes(fault.node),
                  ),
              )
              .map((receiver) => `${fault.alert}@${fault.node} -> ${receiver}`),
          ),
        );
        if (pending.length > 0) throw new Error(`still waiting for ${pending.join(", ")}`);
        return Promise.resolve(true);
      },
      { timeoutMs: (longestFor + 120) * 1000, intervalMs: 1_000 },
    );
    expect(arrived).toBe(true);

    // Warnings never reach the pager; the healthy node is never mentioned anywhere.
    const pages = delivered("pagerduty");
    for (const fault of FAULTS.filter((f) => !f.receivers.includes("pagerduty"))) {
      expect(
        pages.some((text) => text.includes(fault.alert)),
        `${fault.alert} paged`,
      ).toBe(false);
    }
    const everything = [...sink.received.map((r) => r.body), ...delivered("email")];
    expect(everything.filter((text) => text.includes(HEALTHY))).toEqual([]);

    // Prometheus fires exactly the injected alert on each faulty node, and nothing on the healthy one.
    const firing = (await prometheus.alerts()).filter(
      (alert) => alert.state === "firing" && alert.labels.node,
    );
    const byNode = new Map<string, string[]>();
    for (const alert of firing)
      byNode.set(alert.labels.node!, [...(byNode.get(alert.labels.node!) ?? []), alert.labels.alertname!]);
    for (const node of new Set(FAULTS.map((fault) => fault.node))) {
      const expected = FAULTS.filter((fault) => fault.node === node).flatMap((fault) => [
        fault.alert,
        ...(fault.alsoFiresInhibited ?? []),
      ]);
      const optional = new Set(
        FAULTS.filter((fault) => fault.node === node).flatMap((f) => f.mayAlsoFire ?? []),
      );
      const fired = (byNode.get(node) ?? []).filter((name) => !optional.has(name));
      expect(fired.sort(), node).toEqual(expected.sort());
    }
    // Inhibited alerts reach no receiver.
    const inhibited = FAULTS.flatMap((fault) => fault.alsoFiresInhibited ?? []);
    const everywhere = [...sink.received.map((r) => r.body), ...delivered("email")];
    for (const name of inhibited)
      expect(
        everywhere.some((text) => text.includes(name)),
        name,
      ).toBe(false);
    expect(byNode.get(HEALTHY)).toBeUndefined();

    // The network stall: one notification per receiver, naming the network and no node; the stalled
    // nodes' own "no block" alerts leave it to the network alert, and nothing else fires on that network.
    for (const receiver of PAGE) expect(stallMentions(receiver), receiver).toHaveLength(1);
    for (const node of STALL_NODES) {
      expect(byNode.get(node), node).toBeUndefined();
      expect(
        everything.filter((text) => text.includes(node)),
        node,
      ).toEqual([]);
    }
    const onStallNetwork = (await prometheus.alerts()).filter(
      (alert) => alert.labels.network === STALL_NETWORK && alert.state !== "inactive",
    );
    expect(onStallNetwork.map((alert) => [alert.labels.alertname, alert.labels.node, alert.state])).toEqual([
      [NETWORK_STALL_ALERT, undefined, "firing"],
    ]);
    const networkStalls = (await prometheus.alerts()).filter(
      (alert) => alert.labels.alertname === NETWORK_STALL_ALERT,
    );
    expect(networkStalls.map((alert) => alert.labels.network)).toEqual([STALL_NETWORK]);
  }, 420_000);

  it("does not deliver an alert inhibited by NodeDown on the same node, but delivers it on another node", async () => {
    const probe = (node: string): object => ({
      labels: {
        alertname: "RehearsalProbe",
        severity: "warning",
        service: "blockchain",
        node,
        network: E2E_NETWORK,
        environment: "e2e",
        cluster: "xai-e2e",
      },
      annotations: { summary: `probe on ${node}`, description: "inhibition check" },
    });
    const response = await fetch(`${stack.url("alertmanager")}/api/v2/alerts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([probe("sim-down"), probe("sim-mempool")]),
    });
    expect(response.status).toBe(200);
    await waitFor(
      "the probe on the node that is up to be delivered",
      () =>
        Promise.resolve(
          delivered("slack/blockchain").some(
            (t) => t.includes("RehearsalProbe") && t.includes("sim-mempool"),
          ) || undefined,
        ),
      { timeoutMs: 90_000, intervalMs: 1_000 },
    );
    const downProbes = sink.received.filter(
      (r) => r.body.includes("RehearsalProbe") && r.body.includes("sim-down"),
    );
    expect(downProbes).toEqual([]);
  }, 120_000);

  it("sends the Watchdog heartbeat to the dead man's switch only", async () => {
    await waitFor(
      "a Watchdog ping",
      () => Promise.resolve(sink.delivered("/watchdog").length > 0 || undefined),
      {
        timeoutMs: 30_000,
      },
    );
    const human = [
      ...sink.received.filter((r) => !r.path.startsWith("/watchdog")).map((r) => r.body),
      ...delivered("email"),
    ];
    expect(human.filter((text) => text.includes("Watchdog"))).toEqual([]);
  });

  it("keeps earlier samples when Prometheus restarts on the same data directory", async () => {
    const at = Date.now() / 1000 - 20;
    const expr = `count_over_time(xai_block_height{node="${HEALTHY}"}[1m])`;
    const before = await prometheus.query(expr, at);
    expect(before.resultType === "vector" && before.result.length).toBe(1);
    await stack.stop("prometheus");
    await stack.start("prometheus");
    const after = await prometheus.query(expr, at);
    expect(after).toEqual(before);
  }, 60_000);

  it("keeps silences when Alertmanager restarts on the same data directory", async () => {
    const alertmanager = stack.url("alertmanager");
    const now = new Date();
    const created = await fetch(`${alertmanager}/api/v2/silences`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        matchers: [{ name: "node", value: "sim-mempool", isRegex: false, isEqual: true }],
        startsAt: now.toISOString(),
        endsAt: new Date(now.getTime() + 3_600_000).toISOString(),
        createdBy: "rehearsal",
        comment: "durability check",
      }),
    });
    expect(created.status).toBe(200);
    const { silenceID } = (await created.json()) as { silenceID: string };
    await stack.stop("alertmanager");
    await stack.start("alertmanager");
    const silence = (await (await fetch(`${alertmanager}/api/v2/silence/${silenceID}`)).json()) as {
      status: { state: string };
      comment: string;
    };
    expect(silence.status.state).toBe("active");
    expect(silence.comment).toBe("durability check");
  }, 60_000);
});
