/**
 * `npm run bench`: the five benchmarks of the stack, on the real Debian binaries and the simulator.
 * Prints one table and writes bench/results.json. These are measurements, not pass/fail tests.
 *
 * Sizes can be changed through the environment (defaults in brackets): BENCH_NODES [100] simulated
 * nodes, BENCH_HOURS [24] of history, BENCH_STEP_SECONDS [120] between history samples, BENCH_LOADS [5]
 * dashboard loads per form, BENCH_GROWTH_NODES [1000] and BENCH_GROWTH_HOURS [2] for the growth size,
 * BENCH_PAGE_RUNS [5] node kills, BENCH_PROGRAM_RUNS [3] evaluations per stack. BENCH_ONLY (e.g.
 * "dashboards") runs only the named benches; results.json keeps the other benches' last figures.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { measureDashboardCost, type DashboardCost, type FleetQueryResult } from "./fleetQueries";
import { measureFootprint } from "./footprint";
import { measureLiveFleet } from "./liveFleet";
import { describeMachine } from "./machine";
import { measureProgramEvaluation } from "./programEvaluation";
import { benchSettings } from "./settings";
import { measureSloDashboard, sloRows } from "./slo";

function sizeFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name}: expected a positive whole number, got "${raw}"`);
  return value;
}

const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;

type Row = readonly [benchmark: string, figure: string, result: string];

interface BenchContext {
  readonly root: string;
  readonly nodes: number;
  readonly log: (message: string) => void;
}

/** One benchmark: its rows of the printed table and its entries of results.json. */
interface Bench {
  readonly name: string;
  run(context: BenchContext): Promise<{ rows: Row[]; results: Record<string, unknown> }>;
}

const liveBench: Bench = {
  name: "live",
  async run({ root, nodes, log }) {
    log(`live fleet of ${nodes} nodes: rule evaluation, memory, time to page`);
    // Benchmark 6 (the SLO dashboard's load) runs while the fleet is live: its rules need live history.
    const live = await measureLiveFleet(
      join(root, "live"),
      nodes,
      sizeFromEnv("BENCH_PAGE_RUNS", 5),
      30,
      (prometheus) => measureSloDashboard(prometheus, sizeFromEnv("BENCH_LOADS", 5)),
    );
    const { timeToPage, ruleEvaluation, prometheusMemory } = live;
    return {
      rows: [
        [
          "1 Time to page",
          `NodeDown at pager, median of ${timeToPage.runs}`,
          `${round(timeToPage.medianSeconds)} s (bound ${timeToPage.boundSeconds} s = scrape ${timeToPage.boundParts.scrape} + eval ${timeToPage.boundParts.evaluation} + for ${timeToPage.boundParts.for} + group_wait ${timeToPage.boundParts.groupWait}; ratio ${round(timeToPage.ratioToBound, 2)})`,
        ],
        [
          "3 Rule evaluation",
          `${ruleEvaluation.rules} rules in ${ruleEvaluation.ruleGroups} groups, ${nodes} nodes`,
          `all groups p50 ${round(ruleEvaluation.allGroupsP50Ms)} ms, max ${round(ruleEvaluation.allGroupsMaxMs)} ms per ${ruleEvaluation.evaluationIntervalSeconds}s cycle; slowest ${ruleEvaluation.slowestGroup} ${round(ruleEvaluation.slowestGroupP50Ms)} ms`,
        ],
        [
          "5 Footprint",
          `Prometheus after ${nodes} live nodes`,
          `${prometheusMemory.residentMiB} MiB RSS (${prometheusMemory.heapInUseMiB} MiB Go heap), ${prometheusMemory.headSeries} head series`,
        ],
        ...sloRows(live, nodes),
      ],
      results: { timeToPage, ruleEvaluation, prometheusMemory, slo: live.extra },
    };
  },
};

const mib = (bytes: number): string => `${round(bytes / 2 ** 20)} MiB`;

function dashboardRow(label: string, d: DashboardCost): Row {
  const { recorded, naive } = d;
  const profile = `profile: ${recorded.profile.rangeQueries} range + ${recorded.profile.instantQueries} instant, exec ${round(recorded.profile.execMs, 0)} ms, ${mib(recorded.profile.responseBytes)}, ${recorded.profile.pointsReturned} points`;
  const vsNaive = naive
    ? `; naive p50 ${round(naive.p50Ms, 0)} / p95 ${round(naive.p95Ms, 0)} ms (exec ${round(naive.profile.execMs, 0)} ms, ${mib(naive.profile.responseBytes)}); recorded/naive ${round(d.recordedToNaive ?? Number.NaN, 2)}x`
    : "";
  return [
    label,
    `${d.dashboard} (${d.panelQueries} queries, ${d.instantQueries} instant, ${d.queriesUsingRecordingRules} on recording rules)`,
    `p50 ${round(recorded.p50Ms, 0)} ms / p95 ${round(recorded.p95Ms, 0)} ms${vsNaive}; ${profile}`,
  ];
}

/**
 * Benchmark 2: each dashboard at the main size next to its naive form, then the growth in nodes: the same
 * dashboards at a short history with BENCH_NODES and with BENCH_GROWTH_NODES nodes.
 */
const dashboardBench: Bench = {
  name: "dashboards",
  async run({ root, nodes, log }) {
    const hours = sizeFromEnv("BENCH_HOURS", 24);
    const stepSeconds = sizeFromEnv("BENCH_STEP_SECONDS", 120);
    const loads = sizeFromEnv("BENCH_LOADS", 5);
    const growthNodes = sizeFromEnv("BENCH_GROWTH_NODES", 1000);
    const growthHours = sizeFromEnv("BENCH_GROWTH_HOURS", 2);
    const endMs = Date.now() - 120_000;
    const measure = (name: string, size: { nodes: number; hours: number }, naive: boolean) => {
      log(
        `dashboard query cost: ${size.nodes} nodes x ${size.hours}h at ${stepSeconds}s${naive ? ", with the naive form" : ""}`,
      );
      return measureDashboardCost(
        join(root, name),
        benchSettings({}, "mainnet"),
        { ...size, stepSeconds, network: "mainnet", endMs },
        loads,
        { naive },
      );
    };
    const main = await measure("main", { nodes, hours }, true);
    const growthBase = await measure("growth-base", { nodes, hours: growthHours }, false);
    const growth = await measure("growth", { nodes: growthNodes, hours: growthHours }, false);
    const growthRatios = growth.dashboards.map((d, index) => {
      const base = growthBase.dashboards[index]!;
      return {
        dashboard: d.dashboard,
        p95Ratio: d.recorded.p95Ms / base.recorded.p95Ms,
        nodeRatio: growthNodes / nodes,
      };
    });
    const describe = (result: FleetQueryResult): string =>
      `${result.history.nodes} nodes x ${result.history.hours}h: ${result.history.samples} samples, ${result.history.series} series, setup ${round(result.setupSeconds.generateAndBackfill, 0)} + ${round(result.setupSeconds.recordingRuleBackfill, 0)} + ${round(result.setupSeconds.compaction, 0)} s (compaction: ${result.blocks.backfilled} -> ${result.blocks.queried} blocks)`;
    log(describe(main));
    log(describe(growthBase));
    log(describe(growth));
    return {
      rows: [
        ...main.dashboards.map((d) => dashboardRow(`2 Dashboard load, ${hours}h, ${nodes} nodes`, d)),
        ...growthBase.dashboards.map((d) =>
          dashboardRow(`2 Dashboard load, ${growthHours}h, ${nodes} nodes`, d),
        ),
        ...growth.dashboards.map((d) =>
          dashboardRow(`2 Dashboard load, ${growthHours}h, ${growthNodes} nodes`, d),
        ),
        ...growthRatios.map((g): Row => [
          "2 Growth in nodes",
          `${g.dashboard}, ${nodes} -> ${growthNodes} nodes (${g.nodeRatio}x)`,
          `p95 x${round(g.p95Ratio, 2)} (${round(g.p95Ratio / g.nodeRatio, 2)} of linear)`,
        ]),
      ],
      results: {
        dashboardQueries: main,
        dashboardGrowth: { base: growthBase, grown: growth, ratios: growthRatios },
      },
    };
  },
};

const programBench: Bench = {
  name: "program",
  run({ log }) {
    log("program evaluation (dev, prod)");
    const runs = sizeFromEnv("BENCH_PROGRAM_RUNS", 3);
    const program = [measureProgramEvaluation("dev", runs), measureProgramEvaluation("prod", runs)];
    return Promise.resolve({
      rows: program.map((p): Row => [
        "4 Program evaluation",
        `${p.stack}: ${p.resources} resources under mocks, median of ${p.runs}`,
        `construct ${round(p.constructMedianMs, 0)} ms (+ module load ${round(p.importMedianMs, 0)} ms)`,
      ]),
      results: { programEvaluation: program },
    });
  },
};

const footprintBench: Bench = {
  name: "footprint",
  run({ log }) {
    log("footprint");
    const footprint = measureFootprint("dev");
    return Promise.resolve({
      rows: [
        [
          "5 Footprint",
          `dev limits, ${footprint.services.length} services`,
          `${footprint.memoryLimitMiB} MiB memory, ${footprint.cpuLimit} CPUs`,
        ],
      ],
      results: { footprint },
    });
  },
};

/** Every benchmark, in the order they run; a new one is one more entry here. */
const BENCHES: readonly Bench[] = [footprintBench, programBench, liveBench, dashboardBench];

function selectedBenches(): readonly Bench[] {
  const only = process.env.BENCH_ONLY;
  if (only === undefined || only === "") return BENCHES;
  const names = only.split(",").map((name) => name.trim());
  const unknown = names.filter((name) => !BENCHES.some((bench) => bench.name === name));
  if (unknown.length > 0) {
    throw new Error(
      `BENCH_ONLY: expected names among ${BENCHES.map((bench) => bench.name).join(", ")}, got "${unknown.join(", ")}"`,
    );
  }
  return BENCHES.filter((bench) => names.includes(bench.name));
}

async function main(): Promise<void> {
  const nodes = sizeFromEnv("BENCH_NODES", 100);
  const benches = selectedBenches();
  const root = mkdtempSync(join(tmpdir(), "xai-bench-"));
  const began = Date.now();
  const log = (message: string): void => {
    process.stderr.write(`[bench ${round((Date.now() - began) / 1000, 0)}s] ${message}\n`);
  };
  const resultsPath = join(__dirname, "results.json");
  try {
    const machine = describeMachine();
    const rows: Row[] = [];
    const results: Record<string, unknown> = existsSync(resultsPath)
      ? (JSON.parse(readFileSync(resultsPath, "utf8")) as Record<string, unknown>)
      : {};
    for (const bench of benches) {
      const outcome = await bench.run({ root, nodes, log });
      rows.push(...outcome.rows);
      Object.assign(results, outcome.results);
    }
    const totalSeconds = round((Date.now() - began) / 1000, 0);
    rows.sort((a, b) => a[0].localeCompare(b[0]));
    const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
    const line = (row: readonly string[]): string =>
      `| ${row[0]!.padEnd(widths[0]!)} | ${row[1]!.padEnd(widths[1]!)} | ${row[2]!} |`;
    const output = [
      `Machine: ${machine.cpuModel}, ${machine.cpus} CPUs, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}`,
      `Binaries: ${machine.prometheus}; ${machine.alertmanager}. Taken ${machine.takenAt}, ${totalSeconds} s for ${benches.map((bench) => bench.name).join(", ")}.`,
      "",
      line(["Benchmark", "Figure", "Result"]),
      `|${"-".repeat(widths[0]! + 2)}|${"-".repeat(widths[1]! + 2)}|---|`,
      ...rows.map(line),
    ].join("\n");
    process.stdout.write(`${output}\n`);
    writeFileSync(
      resultsPath,
      `${JSON.stringify({ ...results, machine, totalSeconds, benches: benches.map((bench) => bench.name) }, null, 2)}\n`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
