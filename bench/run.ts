/**
 * `npm run bench`: the five benchmarks of the stack, on the real Debian binaries and the simulator.
 * Prints one table and writes bench/results.json. These are measurements, not pass/fail tests.
 *
 * Sizes can be changed through the environment (defaults in brackets): BENCH_NODES [100] simulated
 * nodes, BENCH_HOURS [24] of history, BENCH_STEP_SECONDS [120] between history samples, BENCH_LOADS [5]
 * dashboard loads per form, BENCH_PAGE_RUNS [5] node kills, BENCH_PROGRAM_RUNS [3] evaluations per stack.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { measureDashboardCost } from "./fleetQueries";
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

async function main(): Promise<void> {
  const nodes = sizeFromEnv("BENCH_NODES", 100);
  const hours = sizeFromEnv("BENCH_HOURS", 24);
  const stepSeconds = sizeFromEnv("BENCH_STEP_SECONDS", 120);
  const loads = sizeFromEnv("BENCH_LOADS", 5);
  const pageRuns = sizeFromEnv("BENCH_PAGE_RUNS", 5);
  const programRuns = sizeFromEnv("BENCH_PROGRAM_RUNS", 3);
  const root = mkdtempSync(join(tmpdir(), "xai-bench-"));
  const began = Date.now();
  const log = (message: string): void => {
    process.stderr.write(`[bench ${round((Date.now() - began) / 1000, 0)}s] ${message}\n`);
  };
  try {
    const machine = describeMachine();
    log("footprint");
    const footprint = measureFootprint("dev");
    log("program evaluation (dev, prod)");
    const program = [
      measureProgramEvaluation("dev", programRuns),
      measureProgramEvaluation("prod", programRuns),
    ];
    log(`live fleet of ${nodes} nodes: rule evaluation, memory, time to page`);
    const live = await measureLiveFleet(join(root, "live"), nodes, pageRuns, 30, (prometheus) =>
      measureSloDashboard(prometheus, loads),
    );
    log(`dashboard query cost: ${nodes} nodes x ${hours}h at ${stepSeconds}s`);
    const queries = await measureDashboardCost(
      join(root, "fleet"),
      benchSettings({}, "mainnet"),
      { nodes, hours, stepSeconds, network: "mainnet", endMs: Date.now() - 120_000 },
      loads,
    );
    const totalSeconds = round((Date.now() - began) / 1000, 0);

    const rows: [string, string, string][] = [
      [
        "1 Time to page",
        `NodeDown at pager, median of ${live.timeToPage.runs}`,
        `${round(live.timeToPage.medianSeconds)} s (bound ${live.timeToPage.boundSeconds} s = scrape ${live.timeToPage.boundParts.scrape} + eval ${live.timeToPage.boundParts.evaluation} + for ${live.timeToPage.boundParts.for} + group_wait ${live.timeToPage.boundParts.groupWait}; ratio ${round(live.timeToPage.ratioToBound, 2)})`,
      ],
      ...queries.dashboards.map((d): [string, string, string] => [
        "2 Dashboard load, 24h",
        `${d.dashboard} (${d.panelQueries} queries, ${d.queriesUsingRecordingRules} on recording rules)`,
        `p50 ${round(d.recordedP50Ms, 0)} ms / p95 ${round(d.recordedP95Ms, 0)} ms; naive p50 ${round(d.naiveP50Ms, 0)} / p95 ${round(d.naiveP95Ms, 0)} ms; naive/recorded ${round(d.ratio, 2)}x`,
      ]),
      [
        "3 Rule evaluation",
        `${live.ruleEvaluation.rules} rules in ${live.ruleEvaluation.ruleGroups} groups, ${nodes} nodes`,
        `all groups p50 ${round(live.ruleEvaluation.allGroupsP50Ms)} ms, max ${round(live.ruleEvaluation.allGroupsMaxMs)} ms per ${live.ruleEvaluation.evaluationIntervalSeconds}s cycle; slowest ${live.ruleEvaluation.slowestGroup} ${round(live.ruleEvaluation.slowestGroupP50Ms)} ms`,
      ],
      ...program.map((p): [string, string, string] => [
        "4 Program evaluation",
        `${p.stack}: ${p.resources} resources under mocks, median of ${p.runs}`,
        `construct ${round(p.constructMedianMs, 0)} ms (+ module load ${round(p.importMedianMs, 0)} ms)`,
      ]),
      [
        "5 Footprint",
        `dev limits, ${footprint.services.length} services`,
        `${footprint.memoryLimitMiB} MiB memory, ${footprint.cpuLimit} CPUs`,
      ],
      [
        "5 Footprint",
        `Prometheus after ${nodes} live nodes`,
        `${live.prometheusMemory.residentMiB} MiB RSS (${live.prometheusMemory.heapInUseMiB} MiB Go heap), ${live.prometheusMemory.headSeries} head series`,
      ],
      ...sloRows(live, nodes),
    ];
    const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
    const line = (row: readonly string[]): string =>
      `| ${row[0]!.padEnd(widths[0]!)} | ${row[1]!.padEnd(widths[1]!)} | ${row[2]!} |`;
    const output = [
      `Machine: ${machine.cpuModel}, ${machine.cpus} CPUs, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}`,
      `Binaries: ${machine.prometheus}; ${machine.alertmanager}. Taken ${machine.takenAt}, ${totalSeconds} s in all.`,
      `Fleet history: ${nodes} nodes x ${hours}h every ${stepSeconds}s = ${queries.history.samples} samples, ${queries.history.series} series (setup ${round(queries.setupSeconds.generateAndBackfill, 0)} s + recording rules ${round(queries.setupSeconds.recordingRuleBackfill, 0)} s).`,
      "",
      line(["Benchmark", "Figure", "Result"]),
      `|${"-".repeat(widths[0]! + 2)}|${"-".repeat(widths[1]! + 2)}|---|`,
      ...rows.map(line),
    ].join("\n");
    process.stdout.write(`${output}\n`);
    writeFileSync(
      join(__dirname, "results.json"),
      `${JSON.stringify({ machine, totalSeconds, timeToPage: live.timeToPage, dashboardQueries: queries, ruleEvaluation: live.ruleEvaluation, programEvaluation: program, footprint, prometheusMemory: live.prometheusMemory, slo: live.extra }, null, 2)}\n`,
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
