import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { durationSeconds } from "../settings";
import { SimulatedFleet } from "../harness/fleet";
import { LocalStack } from "../harness/localStack";
import { PrometheusApi } from "../harness/prometheusApi";
import { e2eSecrets, e2eSettings } from "../harness/rehearsalSettings";
import { SmtpSink, WebhookSink } from "../harness/sinks";
import { freePort, sleep, waitFor } from "../harness/processes";
import { fleetNodeName } from "./backfill";
import { median, percentile } from "./stats";

export interface RuleEvaluationCost {
  readonly nodes: number;
  readonly ruleGroups: number;
  readonly rules: number;
  readonly evaluationIntervalSeconds: number;
  /** Sum over groups of each group's last evaluation time, sampled every few seconds. */
  readonly allGroupsP50Ms: number;
  readonly allGroupsMaxMs: number;
  readonly slowestGroup: string;
  readonly slowestGroupP50Ms: number;
  /** Median evaluation time of each rule group, and its rule count. */
  readonly groups: Readonly<Record<string, { readonly rules: number; readonly p50Ms: number }>>;
}

export interface PrometheusMemory {
  readonly nodes: number;
  readonly headSeries: number;
  readonly residentMiB: number;
  readonly heapInUseMiB: number;
}

export interface TimeToPage {
  readonly runs: number;
  /** scrape interval + evaluation interval + NodeDown `for` + critical group_wait, from the rendered config. */
  readonly boundSeconds: number;
  readonly boundParts: { scrape: number; evaluation: number; for: number; groupWait: number };
  readonly samplesSeconds: readonly number[];
  readonly medianSeconds: number;
  readonly ratioToBound: number;
}

export interface LiveFleetResult<Extra = undefined> {
  readonly ruleEvaluation: RuleEvaluationCost;
  readonly prometheusMemory: PrometheusMemory;
  readonly timeToPage: TimeToPage;
  /** What `whileLive` measured on the running stack (e.g. the SLO dashboard, bench/slo.ts). */
  readonly extra: Extra;
}

function forOf(files: readonly { path: string; content: string }[], alert: string): number {
  for (const file of files.filter((f) => f.path.includes("/rules/"))) {
    const doc = parse(file.content) as { groups?: { rules?: { alert?: string; for?: string }[] }[] } | null;
    const found = (doc?.groups ?? []).flatMap((g) => g.rules ?? []).find((rule) => rule.alert === alert);
    if (found) return durationSeconds(found.for ?? "0s");
  }
  throw new Error(`the rendered rules have no ${alert} alert`);
}

async function scalar(prometheus: PrometheusApi, expr: string): Promise<number> {
  const result = await prometheus.query(expr);
  if (result.resultType !== "vector" || result.result.length === 0) throw new Error(`no value for ${expr}`);
  return Number(result.result[0]!.value[1]);
}

/**
 * Benchmarks 1, 3 and 5b on one live stack with the rendered intervals (no test shortening): `nodes`
 * simulated nodes scraped by the real Prometheus with every rendered rule, and Alertmanager delivering to
 * local sinks. First the rule evaluation cost and Prometheus memory at that fleet size, then time to page:
 * `pageRuns` nodes are stopped a few seconds apart and the NodeDown page is timed at the PagerDuty sink.
 */
export async function measureLiveFleet<Extra = undefined>(
  root: string,
  nodes: number,
  pageRuns: number,
  settleSeconds: number,
  whileLive: (prometheus: PrometheusApi) => Promise<Extra> = () => Promise.resolve(undefined as Extra),
): Promise<LiveFleetResult<Extra>> {
  const sink = new WebhookSink();
  const smtp = new SmtpSink();
  const names = Array.from({ length: nodes }, (_, index) => fleetNodeName(index));
  let fleet: SimulatedFleet | undefined;
  let stack: LocalStack | undefined;
  try {
    const [httpSink, smtpSink] = await Promise.all([sink.start(), smtp.start()]);
    fleet = await SimulatedFleet.start(names, "mainnet");
    const running = fleet;
    const ports = {
      prometheus: await freePort(),
      alertmanager: await freePort(),
      nodeExporter: await freePort(),
    };
    const settings = e2eSettings(
      {
        httpSink,
        smtpSink,
        alertmanagerUrl: `http://127.0.0.1:${ports.alertmanager}`,
        nodes: Object.fromEntries(names.map((name) => [name, running.address(name)])),
      },
      { fastIntervals: false },
    );
    stack = new LocalStack(root, ports, settings, e2eSecrets({ httpSink }));
    for (const service of ["alertmanager", "prometheus"] as const) {
      stack.materialize(service);
      await stack.start(service);
    }
    const prometheus = new PrometheusApi(stack.url("prometheus"));
    const evaluation = durationSeconds(settings.evaluationInterval);
    const scrape = durationSeconds(settings.scrapeInterval);

    await sleep(settleSeconds * 1000);
    const pid = stack.pid("prometheus");
    const residentKiB = Number(
      /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${String(pid)}/status`, "utf8"))?.[1] ?? "NaN",
    );
    const prometheusMemory: PrometheusMemory = {
      nodes,
      headSeries: await scalar(prometheus, `prometheus_tsdb_head_series{job="prometheus"}`),
      residentMiB: Math.round(residentKiB / 1024),
      heapInUseMiB: Math.round(
        (await scalar(prometheus, `go_memstats_heap_inuse_bytes{job="prometheus"}`)) / 2 ** 20,
      ),
    };

    // Rule evaluation: Prometheus's own per-group timing, sampled once per evaluation. It runs while
    // the time-to-page nodes go down (a few of the fleet), which keeps the whole benchmark short.
    const totals: number[] = [];
    const perGroup = new Map<string, number[]>();
    let ruleCount = 0;
    let groupCount = 0;
    const rulesPerGroup = new Map<string, number>();
    const sampleRuleEvaluation = async (): Promise<void> => {
      for (let i = 0; i < 5; i += 1) {
        const groups = await prometheus.ruleGroups();
        groupCount = groups.length;
        ruleCount = groups.reduce((total, group) => total + group.rules.length, 0);
        totals.push(groups.reduce((total, group) => total + group.evaluationTime, 0) * 1000);
        for (const group of groups) {
          rulesPerGroup.set(group.name, group.rules.length);
          perGroup.set(group.name, [...(perGroup.get(group.name) ?? []), group.evaluationTime * 1000]);
        }
        await sleep(evaluation * 1000);
      }
    };

    // Time to page: stop nodes a few seconds apart, so each run meets scrapes and evaluations at a different phase.
    const boundParts = {
      scrape,
      evaluation,
      for: forOf(stack.specs.prometheus.configFiles, "NodeDown"),
      groupWait: durationSeconds(settings.alerting.timings.critical.groupWait),
    };
    const bound = boundParts.scrape + boundParts.evaluation + boundParts.for + boundParts.groupWait;
    const victims = names.slice(0, pageRuns);
    const stoppedAt = new Map<string, number>();
    const timePages = async (): Promise<number[]> => {
      for (const [index, victim] of victims.entries()) {
        await sleep(index === 0 ? 0 : (scrape * 1000) / pageRuns + 1_300);
        await running.fault(victim, { stopServing: true });
        stoppedAt.set(victim, Date.now());
      }
      return waitFor(
        "NodeDown pages for every stopped node",
        () => {
          const times = victims.map((victim) => {
            const page = sink
              .delivered("/pagerduty")
              .find((r) => r.body.includes("NodeDown") && r.body.includes(victim));
            return page ? (page.at - stoppedAt.get(victim)!) / 1000 : undefined;
          });
          return Promise.resolve(times.every((t) => t !== undefined) ? times : undefined);
        },
        { timeoutMs: (bound * 2 + 60) * 1000, intervalMs: 250 },
      );
    };
    const [samples] = await Promise.all([timePages(), sampleRuleEvaluation()]);
    const extra = await whileLive(prometheus);
    const [slowestGroup, slowestTimes] = [...perGroup.entries()].sort(
      ([, a], [, b]) => median(b) - median(a),
    )[0] ?? ["none", [0]];
    return {
      ruleEvaluation: {
        nodes,
        ruleGroups: groupCount,
        rules: ruleCount,
        evaluationIntervalSeconds: evaluation,
        allGroupsP50Ms: median(totals),
        allGroupsMaxMs: percentile(totals, 100),
        slowestGroup,
        slowestGroupP50Ms: median(slowestTimes),
        groups: Object.fromEntries(
          [...perGroup.entries()].map(([name, times]) => [
            name,
            { rules: rulesPerGroup.get(name) ?? 0, p50Ms: median(times) },
          ]),
        ),
      },
      extra,
      prometheusMemory,
      timeToPage: {
        runs: pageRuns,
        boundSeconds: bound,
        boundParts,
        samplesSeconds: samples,
        medianSeconds: median(samples),
        ratioToBound: median(samples) / bound,
      },
    };
  } finally {
    await stack?.stopAll();
    await fleet?.stop();
    await Promise.all([sink.stop(), smtp.stop()]);
  }
}
