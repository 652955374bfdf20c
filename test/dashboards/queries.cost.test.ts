import { describe, expect, it } from "vitest";
import { DASHBOARD_UIDS, buildDashboards } from "../../dashboards";
import { MIN_INTERVAL, POINTS_PER_COLUMN } from "../../dashboards/common";
import { RECORDED } from "../../rules/recordingNames";
import { THRESHOLDS } from "../../settings/thresholds";

/** The parts of Grafana's panel JSON these checks read. */
interface PanelJson {
  readonly title: string;
  readonly type: string;
  readonly description?: string;
  readonly gridPos: { readonly w: number };
  readonly maxDataPoints?: number;
  readonly interval?: string;
  readonly targets: readonly {
    readonly expr: string;
    readonly refId: string;
    readonly instant?: boolean;
    readonly range?: boolean;
    readonly format?: string;
  }[];
  readonly transformations?: readonly { readonly id: string; readonly options: Record<string, unknown> }[];
  readonly fieldConfig: {
    readonly overrides: readonly {
      readonly matcher: { readonly id: string; readonly options: string };
      readonly properties: readonly { readonly id: string; readonly value: unknown }[];
    }[];
  };
}
interface DashboardJson {
  readonly uid: string;
  readonly title: string;
  readonly panels: readonly PanelJson[];
}

function asJson(topNodes?: number): DashboardJson[] {
  const models =
    topNodes === undefined ? buildDashboards() : buildDashboards({ topNodes, thresholds: THRESHOLDS });
  return models.map((model) => JSON.parse(JSON.stringify(model)) as DashboardJson);
}

const dashboards = asJson();
const panels = dashboards.flatMap((board) => board.panels.map((panel) => ({ board: board.title, panel })));
const byUid = (uid: string): DashboardJson => {
  const board = dashboards.find((candidate) => candidate.uid === uid);
  if (!board) throw new Error(`no dashboard ${uid}`);
  return board;
};
const panelTitled = (board: DashboardJson, title: string): PanelJson => {
  const panel = board.panels.find((candidate) => candidate.title === title);
  if (!panel) throw new Error(`${board.title} has no panel ${title}`);
  return panel;
};

describe("panel queries as cheap as what the panels show", () => {
  it("send one instant query for every panel that shows one value per series", () => {
    const oneValue = panels.filter(({ panel }) =>
      ["gauge", "stat", "bargauge", "table", "piechart"].includes(panel.type),
    );
    expect(oneValue.length).toBeGreaterThanOrEqual(15);
    for (const { board, panel } of oneValue) {
      for (const target of panel.targets) {
        expect([target.instant, target.range], `${board} / ${panel.title}`).toEqual([true, false]);
      }
    }
  });

  it("ask for points in proportion to each time series' width, never finer than two scrapes", () => {
    const overTime = panels.filter(({ panel }) => ["timeseries", "state-timeline"].includes(panel.type));
    expect(overTime.length).toBeGreaterThanOrEqual(12);
    for (const { board, panel } of overTime) {
      const where = `${board} / ${panel.title}`;
      expect(
        panel.targets.every((target) => target.instant !== true),
        where,
      ).toBe(true);
      // The 5-minute transaction buckets set their own interval; everything else uses the shared floor.
      if (panel.title !== "Transaction Count (5m buckets)") expect(panel.interval, where).toBe(MIN_INTERVAL);
      expect(panel.maxDataPoints, where).toBe(panel.gridPos.w * POINTS_PER_COLUMN);
      // A full-width panel stays under Grafana's default of about 1000 points.
      expect(panel.maxDataPoints, where).toBeLessThan(1000);
    }
  });

  it("read Node Health from the node-level recording rules, never the raw gauges", () => {
    const health = byUid(DASHBOARD_UIDS.nodeHealth);
    const recorded = new Set<string>(Object.values(RECORDED.nodeHealth));
    for (const panel of health.panels) {
      for (const target of panel.targets) {
        expect(target.expr, panel.title).not.toMatch(/\bxai_(system|process)_\w+\{/);
        const names = [...target.expr.matchAll(/\b(node:\w+:max)\{/g)].map((match) => match[1]);
        expect(names.length, panel.title).toBeGreaterThan(0);
        for (const name of names) expect(recorded.has(name!), `${panel.title}: ${String(name)}`).toBe(true);
      }
    }
  });
});

describe("per-node panels beyond grafana.topNodes nodes", () => {
  const perNodePanels = [
    [DASHBOARD_UIDS.blockchainOverview, "Current Blockchain Height", "bottomk"],
    [DASHBOARD_UIDS.blockchainOverview, "Transaction Throughput (TPS)", "bottomk"],
    [DASHBOARD_UIDS.blockchainOverview, "Block Production Rate (5m window)", "bottomk"],
    [DASHBOARD_UIDS.blockchainOverview, "Network Peer Count", "bottomk"],
    [DASHBOARD_UIDS.blockchainOverview, "Transaction Pool Size", "topk"],
    [DASHBOARD_UIDS.nodeHealth, "CPU Usage", "topk"],
    [DASHBOARD_UIDS.nodeHealth, "Process Uptime", "bottomk"],
    [DASHBOARD_UIDS.nodeHealth, "Memory Usage Over Time", "topk"],
    [DASHBOARD_UIDS.nodeHealth, "Memory Usage in Bytes", "topk"],
    [DASHBOARD_UIDS.fleetOverview, "Up per Node", "bottomk"],
    [DASHBOARD_UIDS.fleetOverview, "Most Blocks Behind (top 10)", "topk"],
    [DASHBOARD_UIDS.fleetOverview, "Fewest Peers (bottom 10)", "bottomk"],
  ] as const;

  it.each(perNodePanels)(
    "%s / %s shows the worst nodes (%s), as many as the setting says",
    (uid, title, k) => {
      for (const topNodes of [10, 3]) {
        const board = asJson(topNodes).find((candidate) => candidate.uid === uid)!;
        const panel = board.panels.find((candidate) =>
          candidate.title.startsWith(title.replace(/ \(.*\)$/, "")),
        );
        expect(panel, title).toBeDefined();
        for (const target of panel!.targets) expect(target.expr).toContain(`${k}(${String(topNodes)}, `);
      }
    },
  );

  it("rank time series once over the whole range, so the same nodes are drawn at every step", () => {
    const ranked = panels.filter(({ panel }) =>
      panel.targets.some((target) => target.expr.includes(" and on (node) ")),
    );
    expect(ranked.length).toBeGreaterThanOrEqual(8);
    for (const { board, panel } of ranked) {
      expect(panel.type, `${board} / ${panel.title}`).not.toBe("gauge");
      for (const target of panel.targets) {
        expect(target.expr, `${board} / ${panel.title}`).toMatch(
          /and on \(node\) (topk|bottomk)\(\d+, (max|min) by \(node\) \((max|min)_over_time\(.*\[\$__range\] @ end\(\)\)\)\)$/,
        );
      }
    }
  });

  it("leave the aggregates across nodes whole: quantiles, sums and the fleet table", () => {
    for (const { board, panel } of panels) {
      const isAggregate =
        panel.targets.some((target) =>
          /histogram_quantile|^sum\(|^sum by \((le|status)\)/.test(target.expr),
        ) || panel.type === "table";
      if (!isAggregate) continue;
      for (const target of panel.targets)
        expect(target.expr, `${board} / ${panel.title}`).not.toMatch(/topk|bottomk/);
    }
  });
});

describe("the Fleet Overview dashboard", () => {
  const fleet = byUid(DASHBOARD_UIDS.fleetOverview);
  const table = panelTitled(fleet, "Every Node");

  it("lists every node in one table: up, height, lag, peers, sync, version and firing alerts", () => {
    expect(table.type).toBe("table");
    expect(table.targets.every((target) => target.format === "table")).toBe(true);
    const renames = table.transformations?.find((t) => t.id === "organize")?.options.renameByName;
    expect(Object.values(renames as Record<string, string>)).toEqual([
      "Up",
      "Height",
      "Lag (blocks)",
      "Peers",
      "Sync",
      "Version",
      "Firing alerts",
    ]);
    expect(table.transformations?.map((t) => t.id)).toEqual(["merge", "organize"]);
    const exprs = table.targets.map((target) => target.expr);
    expect(exprs[2]).toContain(RECORDED.heightLag);
    expect(exprs[5]).toMatch(/by \(node, network, version\) \(xai_node_info\{/);
    expect(exprs[6]).toMatch(/^count by \(node, network\) \(ALERTS\{alertstate="firing", /);
    // Nodes without alerts show 0, not an empty cell: the count falls back to every scraped node.
    expect(exprs[6]).toContain(" or max by (node, network) (up{");
    // Every column joins on the same labels, or merge would split a node over several rows.
    for (const expr of exprs)
      expect(expr).toMatch(/by \(node, network(, version)?\)|^node:xai_block_height:lag_blocks\{/);
  });

  it("links each node, in the table and on the worst-node bars, to Node Health for that node", () => {
    const linked = fleet.panels.filter((panel) => panel.type === "table" || panel.type === "bargauge");
    expect(linked).toHaveLength(5);
    for (const panel of linked) {
      const links = panel.fieldConfig.overrides.flatMap((override) =>
        override.properties.filter((property) => property.id === "links"),
      );
      expect(links, panel.title).toHaveLength(1);
      const [link] = links[0]!.value as { url: string }[];
      expect(link?.url, panel.title).toMatch(
        new RegExp(
          `^/d/${DASHBOARD_UIDS.nodeHealth}\\?var-node=\\$\\{__(value\\.raw|field\\.labels\\.node)\\}&`,
        ),
      );
      expect(link?.url, panel.title).toContain("${__url_time_range}");
    }
  });

  it("draws up and sync per node over time, and the worst nodes by lag, peers, API errors and CPU", () => {
    expect(
      fleet.panels.filter((panel) => panel.type === "state-timeline").map((panel) => panel.title),
    ).toEqual(["Up per Node", "Sync per Node"]);
    const bars = fleet.panels.filter((panel) => panel.type === "bargauge");
    expect(bars.map((panel) => panel.targets[0]?.expr.split("(")[0])).toEqual([
      "topk",
      "bottomk",
      "topk",
      "topk",
    ]);
    expect(bars.map((panel) => panel.targets[0]?.expr)).toEqual([
      expect.stringContaining(RECORDED.heightLag),
      expect.stringContaining("xai_peers_connected"),
      expect.stringContaining(RECORDED.apiErrorRatio),
      expect.stringContaining(RECORDED.nodeHealth.cpuPercent),
    ]);
  });
});
