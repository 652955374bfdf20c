import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { DASHBOARD_UIDS, buildDashboards } from "../dashboards";
import { renderRuleFiles } from "../rules/render";
import type { StackSettings } from "../settings";
import { z } from "zod";
import {
  dashboardQueries,
  grafanaInterval,
  panelTime,
  substitute,
  type GrafanaTime,
  type PanelQuery,
} from "../harness/dashboardQueries";
import { PrometheusApi } from "../harness/prometheusApi";
import { binaryPath } from "../harness/binaries";
import { freePort, ProcessGroup } from "../harness/processes";
import { writeFleetHistory, type FleetHistory } from "./backfill";
import { inlineRecordingRules, recordingRulesOf, type RecordingRuleText } from "./inline";
import { percentile } from "./stats";

/** Where one dashboard load's time goes, from Prometheus's own query stats (`stats=all`). */
export interface DashboardProfile {
  /** Sum over the panel queries, each run alone: wall time as the client sees it (request to parsed JSON). */
  readonly wallMs: number;
  /** Prometheus's execution time (`execTotalTime`) and, inside it, evaluation (`evalTotalTime`). */
  readonly execMs: number;
  readonly evalMs: number;
  /** JSON the client received. */
  readonly responseBytes: number;
  /** Points returned (steps x series) and samples Prometheus read (`totalQueryableSamples`). */
  readonly pointsReturned: number;
  readonly samplesRead: number;
  readonly rangeQueries: number;
  readonly instantQueries: number;
  /** The same figures per panel query, most expensive (exec) first. */
  readonly queries: readonly {
    readonly query: string;
    readonly kind: "instant" | "range";
    readonly step?: number;
    readonly execMs: number;
    readonly evalMs: number;
    readonly responseBytes: number;
    readonly pointsReturned: number;
    readonly samplesRead: number;
  }[];
}

/** One form of a dashboard, loaded `loads` times: latency percentiles and one profiled load. */
export interface LoadFigures {
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly profile: DashboardProfile;
}

export interface DashboardCost {
  readonly dashboard: string;
  readonly panelQueries: number;
  readonly queriesUsingRecordingRules: number;
  readonly instantQueries: number;
  readonly recorded: LoadFigures;
  /** The naive form, measured in the same run (absent when a size is measured without it). */
  readonly naive?: LoadFigures;
  /** recorded p95 / naive p95: the target is at most 0.3. */
  readonly recordedToNaive?: number;
}

export interface FleetQueryResult {
  readonly history: FleetHistory & {
    readonly series: number;
    readonly samples: number;
    readonly textBytes: number;
  };
  readonly setupSeconds: {
    readonly generateAndBackfill: number;
    readonly recordingRuleBackfill: number;
    readonly compaction: number;
  };
  /** TSDB blocks after the backfills, and after Prometheus compacted them (what the loads read). */
  readonly blocks: { readonly backfilled: number; readonly queried: number };
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

const blockMeta = z.looseObject({ minTime: z.number(), maxTime: z.number() });

/** The TSDB blocks in `dataDir` (directories with a meta.json; compaction's temporary ones have none). */
function blocksIn(dataDir: string): z.infer<typeof blockMeta>[] {
  return readdirSync(dataDir)
    .filter((name) => /^[0-9A-Z]{26}$/.test(name) && existsSync(join(dataDir, name, "meta.json")))
    .map((name) => blockMeta.parse(JSON.parse(readFileSync(join(dataDir, name, "meta.json"), "utf8"))));
}

function overlapping(blocks: readonly z.infer<typeof blockMeta>[]): boolean {
  const sorted = [...blocks].sort((a, b) => a.minTime - b.minTime);
  return sorted.some((block, index) => index > 0 && block.minTime < sorted[index - 1]!.maxTime);
}

/**
 * promtool writes one block per recording rule per 2 hours, each overlapping the raw block of the same
 * window (24 h x 14 rules: 172 blocks), and a query must open and merge every one. A live Prometheus never
 * holds that layout: its compactor merges overlapping blocks (and then 2 h blocks into longer ones) within
 * a minute or two of start. Waits for that, so the loads measure the layout a running server has.
 */
async function waitForCompaction(dataDir: string, prometheus: PrometheusApi): Promise<number> {
  const deadline = Date.now() + 15 * 60_000;
  let previous = "";
  for (;;) {
    const blocks = blocksIn(dataDir);
    const metrics = await (await fetch(`${prometheus.baseUrl}/metrics`)).text();
    const loaded = /^prometheus_tsdb_blocks_loaded (\d+)/m.exec(metrics)?.[1];
    const state = `${String(blocks.length)}/${loaded ?? "?"}`;
    // Settled: no overlap left, every block on disk loaded, and nothing changed over one more poll.
    if (!overlapping(blocks) && loaded === String(blocks.length) && state === previous) return blocks.length;
    if (Date.now() > deadline) throw new Error(`TSDB blocks still not compacted after 15 minutes (${state})`);
    previous = state;
    await new Promise((resolve) => setTimeout(resolve, 5_000));
  }
}

/** Grafana's default max data points for a panel that sets none (about a full-width panel's pixels). */
const DEFAULT_MAX_DATA_POINTS = 1000;
/** Grafana sends a dashboard's panel queries six at a time (the browser's connections per host). */
const PARALLEL_PANEL_QUERIES = 6;

export type Form = "recorded" | "naive";

/** One HTTP request a panel query becomes: an instant query, or a range query with its step. */
export interface QueryRequest {
  /** Panel title and refId, for the profile. */
  readonly label: string;
  readonly expr: string;
  readonly time: number;
  readonly range?: { readonly start: number; readonly end: number; readonly step: number };
}

/**
 * The request Grafana sends for a panel query with variables at All. The naive form inlines every
 * recording rule and asks for a range even where the panel needs one value, at the default 1000 points.
 */
export function panelRequest(
  query: PanelQuery,
  form: Form,
  context: {
    readonly start: number;
    readonly end: number;
    readonly time: GrafanaTime;
    readonly values: Readonly<Record<string, string>>;
    readonly rules: readonly RecordingRuleText[];
  },
): QueryRequest {
  const { start, end, time, values, rules } = context;
  const label = `${query.panel} [${query.refId}]`;
  if (form === "naive") {
    const expr = inlineRecordingRules(substitute(query.expr, values, time), rules);
    return { label, expr, time: end, range: { start, end, step: grafanaInterval(time) } };
  }
  const own = panelTime(query, time);
  const expr = substitute(query.expr, values, own);
  return query.instant
    ? { label, expr, time: end }
    : { label, expr, time: end, range: { start, end, step: grafanaInterval(own) } };
}

const queryStats = z.looseObject({
  timings: z.looseObject({ evalTotalTime: z.number(), execTotalTime: z.number() }),
  samples: z.looseObject({ totalQueryableSamples: z.number() }),
});
const answer = z.looseObject({
  status: z.literal("success"),
  data: z.looseObject({
    resultType: z.string(),
    result: z.array(z.looseObject({ values: z.array(z.unknown()).optional() })),
    stats: queryStats.optional(),
  }),
});

interface Answer {
  readonly bytes: number;
  readonly points: number;
  readonly stats: z.infer<typeof queryStats> | undefined;
}

/** Sends one request and reads the whole JSON answer, as Grafana's backend does; no schema check per point. */
async function ask(baseUrl: string, request: QueryRequest, withStats: boolean): Promise<Answer> {
  const params = new URLSearchParams({ query: request.expr });
  if (request.range) {
    params.set("start", String(request.range.start));
    params.set("end", String(request.range.end));
    params.set("step", String(request.range.step));
  } else params.set("time", String(request.time));
  if (withStats) params.set("stats", "all");
  const path = request.range ? "/api/v1/query_range" : "/api/v1/query";
  const response = await fetch(`${baseUrl}${path}`, {
    method: "POST",
    body: params,
    signal: AbortSignal.timeout(120_000),
  });
  const text = await response.text();
  const parsed = answer.safeParse(JSON.parse(text));
  if (!response.ok || !parsed.success) {
    throw new Error(`${path} ${request.expr} failed: ${String(response.status)} ${text.slice(0, 400)}`);
  }
  const { result, stats } = parsed.data.data;
  const points = result.reduce((sum, series) => sum + (series.values?.length ?? 1), 0);
  return { bytes: text.length, points, stats };
}

/** Runs a dashboard's requests one at a time with `stats=all`: where its load's time goes. */
async function profileLoad(baseUrl: string, requests: readonly QueryRequest[]): Promise<DashboardProfile> {
  const profile = {
    wallMs: 0,
    execMs: 0,
    evalMs: 0,
    responseBytes: 0,
    pointsReturned: 0,
    samplesRead: 0,
    rangeQueries: 0,
    instantQueries: 0,
    queries: [] as DashboardProfile["queries"][number][],
  };
  for (const request of requests) {
    const began = performance.now();
    const { bytes, points, stats } = await ask(baseUrl, request, true);
    profile.wallMs += performance.now() - began;
    profile.execMs += (stats?.timings.execTotalTime ?? 0) * 1000;
    profile.evalMs += (stats?.timings.evalTotalTime ?? 0) * 1000;
    profile.responseBytes += bytes;
    profile.pointsReturned += points;
    profile.samplesRead += stats?.samples.totalQueryableSamples ?? 0;
    if (request.range) profile.rangeQueries += 1;
    else profile.instantQueries += 1;
    profile.queries.push({
      query: request.label,
      kind: request.range ? "range" : "instant",
      ...(request.range ? { step: request.range.step } : {}),
      execMs: (stats?.timings.execTotalTime ?? 0) * 1000,
      evalMs: (stats?.timings.evalTotalTime ?? 0) * 1000,
      responseBytes: bytes,
      pointsReturned: points,
      samplesRead: stats?.samples.totalQueryableSamples ?? 0,
    });
  }
  profile.queries.sort((a, b) => b.execMs - a.execMs);
  return profile;
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
 * (each panel's instant or range query at its own step, six at a time, variables at All), alternating
 * with the naive form (recording rules inlined, every panel a range query), and profiles one load of each
 * form with Prometheus's query stats.
 */
export async function measureDashboardCost(
  root: string,
  settings: StackSettings,
  history: FleetHistory,
  loads: number,
  options: { readonly naive: boolean },
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
        await run(binaryPath("promtool"), ["tsdb", "create-blocks-from", "openmetrics", "-q", path, dataDir]);
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
      await run(binaryPath("promtool"), [
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

    const backfilledBlocks = blocksIn(dataDir).length;
    started = Date.now();
    const prometheus = await startPrometheus(group, root, dataDir);
    const queriedBlocks = await waitForCompaction(dataDir, prometheus);
    const compaction = (Date.now() - started) / 1000;
    const time: GrafanaTime = {
      rangeSeconds: end - start,
      scrapeSeconds: history.stepSeconds,
      maxDataPoints: DEFAULT_MAX_DATA_POINTS,
    };
    const allValues = { network: ".*", node: ".*" };
    const requestsOf = (queries: readonly PanelQuery[], form: Form): QueryRequest[] =>
      queries.map((query) => panelRequest(query, form, { start, end, time, values: allValues, rules }));
    const dashboards: DashboardCost[] = [];
    for (const board of boards) {
      const forms = {
        recorded: requestsOf(board.queries, "recorded"),
        naive: requestsOf(board.queries, "naive"),
      };
      const load = async (requests: readonly QueryRequest[]): Promise<number> => {
        const began = performance.now();
        await inParallel(
          requests.map((request) => () => ask(prometheus.baseUrl, request, false)),
          PARALLEL_PANEL_QUERIES,
        );
        return performance.now() - began;
      };
      // A warm-up load of each form, then the forms alternate so drifting machine load hits both alike.
      await load(forms.recorded);
      if (options.naive) await load(forms.naive);
      const times = { recorded: [] as number[], naive: [] as number[] };
      for (let i = 0; i < loads; i += 1) {
        times.recorded.push(await load(forms.recorded));
        if (options.naive) times.naive.push(await load(forms.naive));
      }
      const figures = async (form: Form): Promise<LoadFigures> => ({
        p50Ms: percentile(times[form], 50),
        p95Ms: percentile(times[form], 95),
        profile: await profileLoad(prometheus.baseUrl, forms[form]),
      });
      const recorded = await figures("recorded");
      const naive = options.naive ? await figures("naive") : undefined;
      // Progress for long runs: each dashboard's figures as soon as they exist.
      process.stderr.write(
        `  ${board.title}: p50 ${recorded.p50Ms.toFixed(0)} / p95 ${recorded.p95Ms.toFixed(0)} ms${naive ? `; naive p50 ${naive.p50Ms.toFixed(0)} / p95 ${naive.p95Ms.toFixed(0)} ms` : ""}\n`,
      );
      dashboards.push({
        dashboard: board.title,
        panelQueries: board.queries.length,
        queriesUsingRecordingRules: forms.recorded.filter(
          (request) => inlineRecordingRules(request.expr, rules) !== request.expr,
        ).length,
        instantQueries: forms.recorded.filter((request) => request.range === undefined).length,
        recorded,
        ...(naive ? { naive, recordedToNaive: recorded.p95Ms / naive.p95Ms } : {}),
      });
    }
    return {
      history: { ...history, series: written.series, samples: written.samples, textBytes: written.bytes },
      setupSeconds: { generateAndBackfill, recordingRuleBackfill, compaction },
      blocks: { backfilled: backfilledBlocks, queried: queriedBlocks },
      loadsPerDashboard: loads,
      dashboards,
    };
  } finally {
    await group.stopAll();
  }
}
