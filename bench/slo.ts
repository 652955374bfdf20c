import { DASHBOARD_UIDS, buildDashboards } from "../dashboards";
import { SLO_GROUP } from "../rules/render";
import { dashboardQueries, substitute } from "../harness/dashboardQueries";
import type { PrometheusApi } from "../harness/prometheusApi";
import type { LiveFleetResult } from "./liveFleet";
import { percentile } from "./stats";

/** The SLO costs: its rule group's evaluation time at the fleet size, and its dashboard's load time. */
export interface SloDashboardLoad {
  readonly panelQueries: number;
  readonly loads: number;
  readonly rangeHours: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
}

/**
 * Loads the SLO dashboard `loads` times over the last `rangeHours`, six queries in flight as Grafana
 * runs them, on the live fleet's Prometheus: its recording rules (windows built from windows with
 * offsets) only exist where Prometheus evaluated them, so they cannot be backfilled like the others.
 */
export async function measureSloDashboard(
  prometheus: PrometheusApi,
  loads: number,
  rangeHours = 24,
): Promise<SloDashboardLoad> {
  const model = buildDashboards().find((candidate) => candidate.uid === DASHBOARD_UIDS.slo);
  if (model === undefined) throw new Error("no SLO dashboard");
  const board = dashboardQueries(model);
  const end = Math.floor(Date.now() / 1000);
  const start = end - rangeHours * 3600;
  const time = { rangeSeconds: end - start, scrapeSeconds: 15 };
  const step = Math.max(15, Math.ceil(time.rangeSeconds / 1000));
  const load = async (): Promise<number> => {
    const began = performance.now();
    const queue = [...board.queries];
    const worker = async (): Promise<void> => {
      for (let query = queue.shift(); query !== undefined; query = queue.shift()) {
        const expr = substitute(query.expr, { network: ".*", node: ".*" }, time);
        await (query.instant ? prometheus.query(expr, end) : prometheus.queryRange(expr, start, end, step));
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    return performance.now() - began;
  };
  await load();
  const times: number[] = [];
  for (let i = 0; i < loads; i += 1) times.push(await load());
  return {
    panelQueries: board.queries.length,
    loads,
    rangeHours,
    p50Ms: percentile(times, 50),
    p95Ms: percentile(times, 95),
  };
}

/** The README table rows of the SLO costs. */
export function sloRows(live: LiveFleetResult<SloDashboardLoad>, nodes: number): [string, string, string][] {
  const group = live.ruleEvaluation.groups[SLO_GROUP];
  const board = live.extra;
  const round = (value: number): number => Math.round(value * 10) / 10;
  return [
    [
      "6 SLO rules",
      `${String(group?.rules ?? 0)} SLO rules (group ${SLO_GROUP}), ${String(nodes)} nodes`,
      group === undefined
        ? "not evaluated"
        : `p50 ${String(round(group.p50Ms))} ms per ${String(live.ruleEvaluation.evaluationIntervalSeconds)}s cycle`,
    ],
    [
      "6 SLO dashboard load",
      `SLOs (${String(board.panelQueries)} queries), ${String(board.rangeHours)}h range on the live fleet`,
      `p50 ${String(round(board.p50Ms))} ms / p95 ${String(round(board.p95Ms))} ms over ${String(board.loads)} loads`,
    ],
  ];
}
