import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { DASHBOARD_UIDS, buildDashboards } from "../dashboards";
import { renderRuleFiles } from "../rules/render";
import type { StackSettings } from "../components/settings";
import { dashboardQueries, substitute, type PanelQuery } from "../test/e2e/dashboardQueries";
import { PrometheusApi } from "../test/e2e/prometheusApi";
import { binaryPath } from "../test/support/binaries";
import { freePort, ProcessGroup } from "../test/support/processes";
import { writeFleetHistory, type FleetHistory } from "./backfill";
import { inlineRecordingRules, recordingRulesOf } from "./inline";
import { percentile } from "./stats";

export interface DashboardCost {
  readonly dashboard: string;
  readonly panelQueries: number;
  readonly queriesUsingRecordingRules: number;
  readonly recordedP50Ms: number;
  readonly recordedP95Ms: number;
  readonly naiveP50Ms: number;
  readonly naiveP95Ms: number;
  /** naive p50 / recorded p50. */
  readonly ratio: number;
}

export interface FleetQueryResult {
  readonly history: FleetHistory & {
    readonly series: number;
    readonly samples: number;
    readonly textBytes: number;
  };
  readonly setupSeconds: { readonly generateAndBackfill: number; readonly recordingRuleBackfill: number };
  readonly loadsPerDashboard: number;
  readonly dashboards: readonly DashboardCost[];
}

function run(command: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(" ")} exited ${String(code)}: ${stderr}`));
    });
  });
}

async function startPrometheus(group: ProcessGroup, root: string, dataDir: string): Promise<PrometheusApi> {
  const configPath = join(root, "query-prometheus.yml");
  // Only queries run here: no scrapes and no rules, so nothing but the dashboard loads uses the CPU.
  writeFileSync(configPath, stringify({ global: { scrape_interval: "1m" } }));
  const port = await freePort();
  await group.start({
    name: "prometheus (fleet)",
    command: binaryPath("prometheus"),
    args: [
      `--config.file=${configPath}`,
      `--storage.tsdb.path=${dataDir}`,
      "--storage.tsdb.retention.time=30d",
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    readyUrl: `http://127.0.0.1:${port}/-/ready`,
    readyTimeoutMs: 120_000,
  });
  return new PrometheusApi(`http://127.0.0.1:${port}`);
}

/** Runs `tasks` with at most `limit` in flight, like a browser loading a dashboard's panels. */
async function inParallel<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/**
 * Benchmark 2: backfills `history` into a TSDB (simulated fleet -> OpenMetrics -> promtool), backfills the
 * recording rules over the same range, then loads each dashboard over the whole range as Grafana would
 * (all panel queries, up to 6 at a time, variables at All), alternating the rendered panels with their
 * naive form (recording rules inlined, so Prometheus computes them from raw series at query time).
 */
export async function measureDashboardCost(
  root: string,
  settings: StackSettings,
  history: FleetHistory,
  loads: number,
): Promise<FleetQueryResult> {
  const group = new ProcessGroup();
  const textDir = join(root, "openmetrics");
  const dataDir = join(root, "data");
  const ruleBlocks = join(root, "rule-blocks");
  mkdirSync(textDir, { recursive: true });
  mkdirSync(dataDir, { recursive: true });
  try {
    let started = Date.now();
    // promtool converts each finished window while the generator writes the next one.
    let converting = Promise.resolve();
    const written = await writeFleetHistory(textDir, history, (path) => {
      converting = converting.then(async () => {
        await run("/usr/bin/promtool", ["tsdb", "create-blocks-from", "openmetrics", "-q", path, dataDir]);
        rmSync(path);
      });
    });
    await converting;
    const generateAndBackfill = (Date.now() - started) / 1000;

    started = Date.now();
    const rules = recordingRulesOf(renderRuleFiles(settings));
    // The SLO dashboard reads rules built on rules with `offset`, which cannot be inlined or backfilled
    // this way; bench/slo.ts measures it on the live fleet.
    const boards = buildDashboards()
      .filter((model) => model.uid !== DASHBOARD_UIDS.slo)
      .map((model) => dashboardQueries(model));
    // Only the rules the dashboards read are backfilled; promtool evaluates each rule against stored
    // data only, so rules built on other rules are inlined first.
    const panelText = boards.flatMap((board) => board.queries.map((query) => query.expr)).join("\n");
    const used = rules.filter((rule) =>
      new RegExp(
        `(^|[^a-zA-Z0-9_:])${rule.record.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^a-zA-Z0-9_:])`,
      ).test(panelText),
    );
    const rulesFile = join(root, "recording-inlined.yml");
    writeFileSync(
      rulesFile,
      stringify({
        groups: [
          {
            name: "recording-backfill",
            interval: `${history.stepSeconds}s`,
            rules: used.map((rule) => ({
              record: rule.record,
              expr: inlineRecordingRules(rule.expr, rules),
            })),
          },
        ],
      }),
    );
    const start = Math.floor((history.endMs - history.hours * 3_600_000) / 1000);
    const end = Math.floor(history.endMs / 1000);
    if (used.length > 0) {
      const source = await startPrometheus(group, root, dataDir);
      await run("/usr/bin/promtool", [
        "tsdb",
        "create-blocks-from",
        "rules",
        "-q",
        `--start=${start}`,
        `--end=${end}`,
        `--url=${source.baseUrl}`,
        `--output-dir=${ruleBlocks}`,
        rulesFile,
      ]);
      await group.stopAll();
      for (const block of readdirSync(ruleBlocks)) renameSync(join(ruleBlocks, block), join(dataDir, block));
    }
    const recordingRuleBackfill = (Date.now() - started) / 1000;

    const prometheus = await startPrometheus(group, root, dataDir);
    const time = { rangeSeconds: end - start, scrapeSeconds: history.stepSeconds };
    const allValues = { network: ".*", node: ".*" };
    const dashboards: DashboardCost[] = [];
    for (const board of boards) {
      const load = async (queries: readonly PanelQuery[], naive: boolean): Promise<number> => {
        const began = performance.now();
        await inParallel(
          queries.map((query) => async () => {
            const substituted = substitute(query.expr, allValues, time);
            const expr = naive ? inlineRecordingRules(substituted, rules) : substituted;
            const interval = Math.max(history.stepSeconds, Math.ceil(time.rangeSeconds / 1000));
            return query.instant
              ? prometheus.query(expr, end)
              : prometheus.queryRange(expr, start, end, interval);
          }),
          6,
        );
        return performance.now() - began;
      };
      await load(board.queries, false);
      await load(board.queries, true);
      const recorded: number[] = [];
      const naive: number[] = [];
      for (let i = 0; i < loads; i += 1) {
        recorded.push(await load(board.queries, false));
        naive.push(await load(board.queries, true));
      }
      const usingRules = board.queries.filter(
        (query) =>
          inlineRecordingRules(substitute(query.expr, allValues, time), rules) !==
          substitute(query.expr, allValues, time),
      ).length;
      dashboards.push({
        dashboard: board.title,
        panelQueries: board.queries.length,
        queriesUsingRecordingRules: usingRules,
        recordedP50Ms: percentile(recorded, 50),
        recordedP95Ms: percentile(recorded, 95),
        naiveP50Ms: percentile(naive, 50),
        naiveP95Ms: percentile(naive, 95),
        ratio: percentile(naive, 50) / percentile(recorded, 50),
      });
    }
    return {
      history: { ...history, series: written.series, samples: written.samples, textBytes: written.bytes },
      setupSeconds: { generateAndBackfill, recordingRuleBackfill },
      loadsPerDashboard: loads,
      dashboards,
    };
  } finally {
    await group.stopAll();
  }
}
