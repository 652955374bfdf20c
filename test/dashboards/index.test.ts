import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { DATASOURCE_UIDS } from "../../dashboards/datasources";
import {
  DASHBOARD_UIDS,
  PROMETHEUS_SERIES,
  VARIABLES,
  XAI_DASHBOARD_TAG,
  buildDashboards,
} from "../../dashboards";
import { CATALOG, XAI_JOB } from "../../metrics";
import { recordingRules } from "../../rules/recording";
import { BUCKET_RATE, FLEET_BUCKET_RATE, LATENCY } from "../../rules/recordingNames";
import { THRESHOLDS } from "../../settings/thresholds";
import { SLO_RECORDED, sloRecordingRules } from "../../rules/slos";
import { testSettings } from "../../harness/settings";

/** The panels the seed dashboards had, by dashboard title: each must exist with a query. */
const SEED_PANELS: Record<string, readonly string[]> = {
  "Blockchain Overview": [
    "Block Production Rate (5m window)",
    "Current Blockchain Height",
    "Transaction Throughput (TPS)",
    "Network Peer Count",
    "Block Mining Time",
    "Transaction Pool Size",
    "Network Mining Hashrate",
  ],
  "Node Health": [
    "CPU Usage",
    "Memory Usage",
    "Disk Usage",
    "Process Uptime",
    "CPU Usage Over Time",
    "Memory Usage Over Time",
    "Disk Usage Over Time",
    "Process Thread Count",
    "Memory Usage in Bytes",
  ],
  "Transaction Metrics": [
    "Transaction Rate by Status",
    "Current Mempool Size",
    "Transaction Processing Time",
    "Transaction Fee Distribution",
    "Transactions by Status",
    "Transaction Count (5m buckets)",
    "Transaction Value Distribution",
  ],
};

interface Target {
  readonly expr?: string;
  readonly refId?: string;
  readonly datasource?: { readonly uid?: string };
}
interface PanelJson {
  readonly title: string;
  readonly datasource?: { readonly uid?: string };
  readonly type: string;
  readonly gridPos: { x: number; y: number; w: number; h: number };
  readonly targets: readonly Target[];
  readonly fieldConfig: {
    readonly defaults: {
      readonly unit?: string;
      readonly thresholds?: { readonly steps: readonly { value: number | null; color: string }[] };
    };
  };
}
interface VariableJson {
  readonly name: string;
  readonly type: string;
  readonly multi?: boolean;
  readonly includeAll?: boolean;
  readonly definition?: string;
  readonly query?: unknown;
  readonly datasource?: { readonly uid?: string };
}
interface DashboardJson {
  readonly uid: string;
  readonly title: string;
  readonly tags: readonly string[];
  readonly refresh: string;
  readonly time: { from: string; to: string };
  readonly panels: readonly PanelJson[];
  readonly templating: { readonly list: readonly VariableJson[] };
  readonly annotations: { readonly list: readonly { expr?: string; enable?: boolean }[] };
  readonly links: readonly { type: string; tags: readonly string[]; includeVars: boolean }[];
}

/** The dashboards exactly as Grafana receives them: JSON, not SDK objects. */
const dashboards = buildDashboards().map((model) => JSON.parse(JSON.stringify(model)) as DashboardJson);
const byTitle = new Map(dashboards.map((board) => [board.title, board]));

function dashboardTitled(title: string): DashboardJson {
  const board = byTitle.get(title);
  if (!board) throw new Error(`no dashboard titled ${title}`);
  return board;
}

function panelTitled(board: DashboardJson, title: string): PanelJson {
  const panel = board.panels.find((candidate) => candidate.title === title);
  if (!panel) throw new Error(`${board.title} has no panel ${title}`);
  return panel;
}

/** Every PromQL expression a dashboard sends: panel queries, the annotation, and the variables' selectors. */
function expressionsOf(board: DashboardJson): { where: string; expr: string }[] {
  const panelQueries = board.panels.flatMap((panel) =>
    panel.targets.map((target) => ({ where: `${board.title} / ${panel.title}`, expr: target.expr ?? "" })),
  );
  const annotations = board.annotations.list.map((annotation) => ({
    where: `${board.title} / annotation`,
    expr: annotation.expr ?? "",
  }));
  const variableSelectors = board.templating.list
    .filter((variable) => variable.type === "query")
    .map((variable) => ({
      where: `${board.title} / $${variable.name}`,
      // label_values(<selector>, label) is Grafana syntax; its first argument is PromQL.
      expr: /^label_values\((.*), *\w+\)$/.exec(variable.definition ?? "")?.[1] ?? "",
    }));
  return [...panelQueries, ...annotations, ...variableSelectors];
}

/** What Grafana does before sending a query: replace its variables (here with placeholder values). */
function substituteVariables(expr: string): string {
  return expr
    .replaceAll("$__rate_interval", "1m")
    .replaceAll("$__range", "6h")
    .replaceAll("$__interval", "30s")
    .replace(/\$\{?(\w+)\}?/g, "__var_$1__");
}

interface ParsedQuery {
  readonly errors: readonly string[];
  /** Vector selectors: metric name and the raw matcher text. */
  readonly selectors: readonly { name: string; matchers: string }[];
}

/** The part of lezer's syntax tree API these checks read. */
interface SyntaxNodeRef {
  readonly name: string;
  readonly from: number;
  readonly to: number;
  readonly type: { readonly isError: boolean };
  readonly node: { getChild(name: string): { readonly from: number; readonly to: number } | null };
}
interface PromQLParser {
  parse(input: string): { iterate(spec: { enter(node: SyntaxNodeRef): void }): void };
}
/** lezer-promql's typings are ESM-only, so this CommonJS test loads its CommonJS build by require. */
const { parser: promqlParser } = createRequire(__filename)("@prometheus-io/lezer-promql") as {
  parser: PromQLParser;
};

function parsePromQL(expr: string): ParsedQuery {
  const errors: string[] = [];
  const selectors: { name: string; matchers: string }[] = [];
  promqlParser.parse(expr).iterate({
    enter(node) {
      if (node.type.isError)
        errors.push(`syntax error at ${node.from}: ${expr.slice(node.from, node.from + 30)}`);
      if (node.name === "VectorSelector") {
        const identifier = node.node.getChild("Identifier");
        const matchers = node.node.getChild("LabelMatchers");
        selectors.push({
          name: identifier ? expr.slice(identifier.from, identifier.to) : "",
          matchers: matchers ? expr.slice(matchers.from, matchers.to) : "",
        });
      }
    },
  });
  return { errors, selectors };
}

const recordingRuleNames = new Set<string>(
  [...recordingRules(), ...sloRecordingRules(testSettings())].map((rule) => rule.record),
);
const allExpressions = dashboards.flatMap(expressionsOf);

describe("the five dashboards", () => {
  it("have stable uids, the seed titles and the shared tag", () => {
    expect(dashboards.map((board) => [board.uid, board.title])).toEqual([
      [DASHBOARD_UIDS.blockchainOverview, "Blockchain Overview"],
      [DASHBOARD_UIDS.nodeHealth, "Node Health"],
      [DASHBOARD_UIDS.transactionMetrics, "Transaction Metrics"],
      [DASHBOARD_UIDS.slo, "SLOs"],
      [DASHBOARD_UIDS.fleetOverview, "Fleet Overview"],
    ]);
    expect(Object.values(DASHBOARD_UIDS)).toEqual([
      "xai-blockchain-overview",
      "xai-node-health",
      "xai-transaction-metrics",
      "xai-slo",
      "xai-fleet-overview",
    ]);
    for (const board of dashboards) expect(board.tags).toContain(XAI_DASHBOARD_TAG);
  });

  it.each(Object.entries(SEED_PANELS))("%s has every seed panel, each with a query", (title, panels) => {
    const board = dashboardTitled(title);
    for (const panelTitle of panels) {
      const panel = panelTitled(board, panelTitle);
      expect(panel.targets.length, panelTitle).toBeGreaterThan(0);
      for (const target of panel.targets) expect(target.expr?.trim(), panelTitle).not.toBe("");
    }
  });

  it("show the seed's gauges, pie chart and percentile panels", () => {
    const overview = dashboardTitled("Blockchain Overview");
    const health = dashboardTitled("Node Health");
    const transactions = dashboardTitled("Transaction Metrics");
    expect(panelTitled(overview, "Current Blockchain Height").type).toBe("gauge");
    for (const title of ["CPU Usage", "Memory Usage", "Disk Usage"]) {
      expect(panelTitled(health, title).type).toBe("gauge");
    }
    expect(panelTitled(transactions, "Transactions by Status").type).toBe("piechart");
    for (const panel of [
      panelTitled(overview, "Block Mining Time"),
      panelTitled(transactions, "Transaction Processing Time"),
    ]) {
      expect(panel.targets.map((target) => target.expr?.slice(0, 24))).toEqual([
        "histogram_quantile(0.5, ",
        "histogram_quantile(0.95,",
        "histogram_quantile(0.99,",
      ]);
    }
    const peers = panelTitled(overview, "Network Peer Count").targets.map((target) => target.expr ?? "");
    expect(peers.some((expr) => expr.includes("xai_peers_connected"))).toBe(true);
    expect(peers.some((expr) => expr.includes("xai_peers_active"))).toBe(true);
  });

  it("declare datasource, network and node in each dashboard: 3 variables each", () => {
    const variables = dashboards.flatMap((board) => board.templating.list);
    expect(variables).toHaveLength(3 * dashboards.length);
    for (const board of dashboards) {
      const [datasource, network, node] = board.templating.list;
      expect(datasource).toMatchObject({ name: VARIABLES.datasource, type: "datasource" });
      for (const variable of [network, node]) {
        expect(variable).toMatchObject({ type: "query", multi: true, includeAll: true });
        expect(variable?.datasource?.uid).toBe("${datasource}");
        // A plain string query runs as written; Grafana rebuilds structured (qryType) queries from other fields.
        expect(typeof variable?.query === "string" && variable.query === variable.definition).toBe(true);
      }
      expect([network?.name, node?.name]).toEqual([VARIABLES.network, VARIABLES.node]);
    }
  });

  it("use every variable, and every query applies all three", () => {
    for (const board of dashboards) {
      const used = JSON.stringify({
        panels: board.panels,
        annotations: board.annotations,
        templating: board.templating,
      });
      for (const variable of board.templating.list) {
        const references =
          used.split(`$${variable.name}`).length - 1 + (used.split(`\${${variable.name}}`).length - 1);
        expect(references, `${board.title}: $${variable.name}`).toBeGreaterThan(0);
      }
      for (const panel of board.panels) {
        // Panel and queries name the same datasource, so Grafana never treats a panel as mixed.
        expect(panel.datasource?.uid, `${panel.title} panel datasource`).toBe("${datasource}");
        for (const target of panel.targets) {
          expect(target.datasource?.uid, `${panel.title} datasource`).toBe("${datasource}");
          expect(target.refId, `${panel.title} refId`).toMatch(/^[A-Z]$/);
        }
      }
    }
    for (const { where, expr } of allExpressions) {
      if (where.endsWith("$network")) continue; // the network variable cannot filter by itself
      const { selectors } = parsePromQL(substituteVariables(expr));
      expect(selectors.length, where).toBeGreaterThan(0);
      for (const selector of selectors) {
        // SLO objectives are per SLO, not per node: nothing to scope.
        if (selector.name === SLO_RECORDED.objective) continue;
        expect(selector.matchers, `${where}: ${selector.name}`).toContain('network=~"__var_network__"');
        if (!where.endsWith("$node")) {
          expect(selector.matchers, `${where}: ${selector.name}`).toContain('node=~"__var_node__"');
        }
      }
    }
  });

  it("send queries that parse as PromQL after variable substitution", () => {
    expect(allExpressions.length).toBeGreaterThan(25);
    for (const { where, expr } of allExpressions) {
      const substituted = substituteVariables(expr);
      expect(substituted, where).not.toContain("$");
      expect(parsePromQL(substituted).errors, `${where}: ${expr}`).toEqual([]);
    }
  });

  it("name only catalog series, recording rules or series Prometheus writes itself", () => {
    const allowed = (name: string): boolean =>
      CATALOG.has(name) ||
      recordingRuleNames.has(name) ||
      (PROMETHEUS_SERIES as readonly string[]).includes(name);
    const named = allExpressions.flatMap(({ where, expr }) =>
      parsePromQL(substituteVariables(expr)).selectors.map((selector) => ({ where, name: selector.name })),
    );
    expect(named.filter(({ name }) => !allowed(name))).toEqual([]);
    // Raw XAI series are scoped to the XAI job, so another job's series of the same name never leak in.
    for (const { where, expr } of allExpressions) {
      for (const selector of parsePromQL(substituteVariables(expr)).selectors) {
        if (CATALOG.get(selector.name)?.job === XAI_JOB) {
          expect(selector.matchers, `${where}: ${selector.name}`).toContain(`job="${XAI_JOB}"`);
        }
      }
    }
  });

  it("use the recording rules for aggregates other rules already compute", () => {
    const used = new Set(
      allExpressions.flatMap(({ expr }) =>
        parsePromQL(substituteVariables(expr)).selectors.map((s) => s.name),
      ),
    );
    const recordedInUse = [...used].filter((name) => recordingRuleNames.has(name));
    expect(recordedInUse.length).toBeGreaterThanOrEqual(3);
    // TPS is shown twice (overview and the 5m transaction count): both read the recorded rate.
    expect(allExpressions.filter(({ expr }) => expr.includes("rate(xai_transactions_total"))).toEqual([]);
  });

  it("aggregate histogram buckets with sum by (le)", () => {
    const bucketQueries = allExpressions.filter(({ expr }) => expr.includes("_bucket"));
    expect(bucketQueries.length).toBeGreaterThanOrEqual(8);
    for (const { where, expr } of bucketQueries) {
      // Raw buckets over the time range, or recorded bucket rates (per network at All, else per node).
      expect(expr, where).toMatch(
        /sum by \(le\) \((increase\(\w+_bucket\{|network_le:\w+_bucket:rate\w+\{[^}]*\} or node_le:\w+_bucket:rate\w+\{)/,
      );
    }
  });

  it("read every histogram quantile from the recorded bucket rates the latency alerts share", () => {
    const quantileQueries = allExpressions.filter(({ expr }) => expr.includes("histogram_quantile"));
    expect(quantileQueries).toHaveLength(6);
    for (const { where, expr } of quantileQueries) {
      const names = parsePromQL(substituteVariables(expr)).selectors.map((selector) => selector.name);
      // One histogram's per-network rate (read at All) and its per-node rate (read when nodes are picked).
      const key = (Object.keys(BUCKET_RATE) as (keyof typeof BUCKET_RATE)[]).find(
        (candidate) => BUCKET_RATE[candidate] === names[1],
      );
      expect(key, `${where}: ${names.join(", ")}`).toBeDefined();
      expect(names, where).toEqual([FLEET_BUCKET_RATE[key!], BUCKET_RATE[key!]]);
    }
    // The latency alerts' quantile rules start from the same recorded bucket rates.
    for (const [key, bucketRate] of Object.entries(BUCKET_RATE)) {
      const quantileRule = recordingRules().find(
        (rule) => rule.record === LATENCY[key as keyof typeof LATENCY].p95,
      );
      expect(quantileRule?.expr, key).toContain(bucketRate);
    }
  });

  it("never recompute a rate that a recording rule already records", () => {
    // Counters and buckets the recording rules rate: a panel must read the rule instead.
    const rated = new Set(
      recordingRules().flatMap((rule) =>
        [...rule.expr.matchAll(/\brate\((\w+)\{/g)].map((match) => match[1]),
      ),
    );
    expect(rated.size).toBeGreaterThan(5);
    for (const { where, expr } of allExpressions) {
      for (const match of expr.matchAll(/\brate\((\w+)\{/g)) {
        expect(rated.has(match[1]), `${where} computes rate(${String(match[1])}) itself`).toBe(false);
      }
    }
  });

  it("colour the Node Health gauges and graphs at the alert thresholds", () => {
    const health = dashboardTitled("Node Health");
    const expected = {
      "CPU Usage": THRESHOLDS.cpuPercent,
      "Memory Usage": THRESHOLDS.memoryPercent,
      "Disk Usage": THRESHOLDS.diskUsedPercent,
    };
    for (const [title, { warning, critical }] of Object.entries(expected)) {
      for (const panelTitle of [title, `${title} Over Time`]) {
        const steps = panelTitled(health, panelTitle).fieldConfig.defaults.thresholds?.steps.map(
          (step) => step.value,
        );
        expect(steps, panelTitle).toEqual([null, warning, critical]);
      }
    }
    // The seed's numbers, so a threshold change is a deliberate edit of both.
    expect([THRESHOLDS.cpuPercent, THRESHOLDS.memoryPercent, THRESHOLDS.diskUsedPercent]).toEqual([
      { warning: 80, critical: 95 },
      { warning: 85, critical: 95 },
      { warning: 90, critical: 95 },
    ]);
  });

  it("give every coloured panel explicit thresholds, never Grafana's default red from 80", () => {
    const coloured = dashboards.flatMap((board) =>
      board.panels.filter((panel) => ["gauge", "stat", "bargauge"].includes(panel.type)),
    );
    expect(coloured.length).toBeGreaterThanOrEqual(10);
    for (const panel of coloured) {
      expect(panel.fieldConfig.defaults.thresholds?.steps.length, panel.title).toBeGreaterThan(0);
    }
    const threads = panelTitled(dashboardTitled("Node Health"), "Process Thread Count");
    expect(threads.fieldConfig.defaults.thresholds?.steps.map((step) => step.value)).toEqual([
      null,
      THRESHOLDS.threads,
    ]);
  });

  it("put a unit on every panel", () => {
    for (const board of dashboards) {
      for (const panel of board.panels) {
        expect(panel.fieldConfig.defaults.unit ?? "", `${board.title} / ${panel.title}`).not.toBe("");
      }
    }
  });

  it("link to each other, mark firing alerts, refresh and cover a sensible range", () => {
    for (const board of dashboards) {
      expect(board.links).toContainEqual(
        expect.objectContaining({ type: "dashboards", tags: [XAI_DASHBOARD_TAG], includeVars: true }),
      );
      const firing = board.annotations.list.filter((annotation) =>
        annotation.expr?.startsWith('ALERTS{alertstate="firing"'),
      );
      expect(firing.map((annotation) => annotation.enable)).toEqual([true]);
      expect(board.refresh).toBe("30s");
      expect(board.time).toEqual({ from: "now-6h", to: "now" });
    }
  });

  it("lay panels out on Grafana's 24-column grid without overlaps", () => {
    for (const board of dashboards) {
      const cells = new Set<string>();
      for (const { gridPos, title } of board.panels) {
        expect(gridPos.x + gridPos.w, title).toBeLessThanOrEqual(24);
        for (let x = gridPos.x; x < gridPos.x + gridPos.w; x++) {
          for (let y = gridPos.y; y < gridPos.y + gridPos.h; y++) {
            const cell = `${x},${y}`;
            expect(cells.has(cell), `${board.title} / ${title} overlaps at ${cell}`).toBe(false);
            cells.add(cell);
          }
        }
      }
    }
  });

  it("default the datasource variable to the provisioned Prometheus", () => {
    for (const board of dashboards) {
      expect(board.templating.list[0]).toMatchObject({ current: { value: DATASOURCE_UIDS.prometheus } });
    }
  });
});
