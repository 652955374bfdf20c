import type { BucketBound, XaiHistogram } from "../../metrics";
import type { InputSeries } from "../types";
import { NODE_1, NODE_2, pythonLe, xaiSeries } from "../cases";
import { aggregate, increase, leRegex, orZero, selector, sumByNode } from "../promql";
import { recordingRules } from "../recording";
import { RECORDED, type RecordingRuleName } from "../recordingNames";
import type { AlertService } from "../../settings/names";
import { NODE_LABELS } from "../types";
import type { SloName } from "../../settings/sloObjectives";

/**
 * One minute of a promtool example: the share (0-1) of bad events in it. Time-based SLIs count whole
 * minutes, so their schedules only hold 0 or 1.
 */
export type MinuteSchedule = readonly number[];

/** An SLO's SLI as data: bad and all events per node over the last 5 minutes, and how to fake them. */
export interface SloDefinition {
  readonly name: SloName;
  /** Value of the `slo` label on every SLO series and alert. */
  readonly label: string;
  readonly title: string;
  /** Alert names start with it, e.g. APIAvailabilityErrorBudgetFastBurn. */
  readonly alertPrefix: string;
  readonly service: AlertService;
  /** What counts: requests, or minutes for the time-based SLIs. */
  readonly unit: "requests" | "minutes";
  /** One sentence: what a good event is, and over what. */
  readonly sli: string;
  /** Bad events per node in the last 5 minutes (node labels kept). */
  readonly errors5m: string;
  /** All events per node in the last 5 minutes. */
  readonly total5m: string;
  /** Input series for a promtool example, one sample a minute, for NODE_1 (other nodes stay healthy). */
  readonly input: (schedule: MinuteSchedule) => InputSeries[];
}

/** Requests per minute in the promtool examples. */
const REQUESTS_PER_MINUTE = 1000;

/** Blocks the in-sync SLI allows a node to be behind its network's best node. */
export const IN_SYNC_MAX_LAG_BLOCKS = 5;

/** The API latency SLI's bound: a real bucket bound of the duration histogram (the type enforces it). */
export const API_LATENCY_BOUND_SECONDS = 1 satisfies BucketBound<"xai_api_request_duration_seconds">;

/** Expanding notation (`a+bxn`) for a series with the given values, one per sample. */
export function expandingValues(values: readonly number[]): string {
  const parts: string[] = [];
  let index = 0;
  const text = (value: number): string => String(Number(value.toFixed(6)));
  while (index < values.length) {
    const start = values[index] ?? 0;
    const next = values[index + 1];
    if (next === undefined) {
      parts.push(text(start));
      break;
    }
    const step = next - start;
    let end = index + 1;
    while (end + 1 < values.length && Math.abs((values[end + 1] ?? 0) - (values[end] ?? 0) - step) < 1e-9) {
      end += 1;
    }
    parts.push(`${text(start)}${step >= 0 ? "+" : ""}${text(step)}x${String(end - index)}`);
    index = end + 1;
  }
  return parts.join(" ");
}

/** Running totals of per-minute increments, starting at 0 (sample 0 precedes minute 1). */
function cumulative(increments: readonly number[]): number[] {
  const totals = [0];
  for (const increment of increments) totals.push((totals[totals.length - 1] ?? 0) + increment);
  return totals;
}

function labelled(expr: string, slo: string): string {
  return `label_replace(${expr}, "slo", ${JSON.stringify(slo)}, "", "")`;
}

const apiAvailability: SloDefinition = {
  name: "apiAvailability",
  label: "api-availability",
  title: "API availability",
  alertPrefix: "APIAvailability",
  service: "api",
  unit: "requests",
  sli: "API requests answered without a 5xx status, over all API requests.",
  total5m: sumByNode(increase("xai_api_requests_total", "5m")),
  errors5m: orZero(
    sumByNode(increase("xai_api_requests_total", "5m", { status: { re: "5.." } })),
    sumByNode(increase("xai_api_requests_total", "5m")),
  ),
  input: (schedule) => {
    const series = (status: string, share: (bad: number) => number): InputSeries =>
      xaiSeries(
        "xai_api_requests_total",
        expandingValues(cumulative(schedule.map((bad) => share(bad) * REQUESTS_PER_MINUTE))),
        { endpoint: "/blocks", method: "GET", status },
      );
    return [series("200", (bad) => 1 - bad), series("503", (bad) => bad)];
  },
};

/** Requests answered within `bound` seconds over all requests, from one histogram's buckets. */
function latencySlo<H extends XaiHistogram>(histogram: H, bound: BucketBound<H>): SloDefinition {
  const total = sumByNode(increase(`${histogram}_count`, "5m"));
  const fast = sumByNode(increase(`${histogram}_bucket`, "5m", { le: { re: leRegex(bound) } }));
  return {
    name: "apiLatency",
    label: "api-latency",
    title: "API latency",
    alertPrefix: "APILatency",
    service: "api",
    unit: "requests",
    sli: `API requests answered within ${String(bound)}s (a bucket bound of ${histogram}), over all API requests.`,
    total5m: total,
    errors5m: `${total} - ${fast}`,
    input: (schedule) => {
      const labels = { endpoint: "/blocks", method: "GET" };
      const all = schedule.map(() => REQUESTS_PER_MINUTE);
      const within = schedule.map((bad) => (1 - bad) * REQUESTS_PER_MINUTE);
      return [
        xaiSeries(`${histogram}_count`, expandingValues(cumulative(all)), labels),
        xaiSeries(`${histogram}_bucket`, expandingValues(cumulative(within)), {
          ...labels,
          le: pythonLe(bound),
        }),
      ];
    },
  };
}

/**
 * A recording rule's expression with the recording rules it reads expanded in place. The minute-based
 * SLIs sample the fleet height at one-minute steps; the recorded series live in another rule group,
 * evaluated in no fixed order and maybe less often, so the SLIs compute the same definition inline.
 */
function inlined(record: RecordingRuleName): string {
  const rules = recordingRules();
  const expand = (name: string): string => {
    const rule = rules.find((candidate) => candidate.record === name);
    if (rule === undefined) throw new Error(`no recording rule ${name}`);
    return rules.reduce(
      (expr, other) =>
        other.record !== name && expr.includes(other.record)
          ? expr.replaceAll(other.record, `(${expand(other.record)})`)
          : expr,
      rule.expr,
    );
  };
  return `(${expand(record)})`;
}

const nodeHeight = sumByNode(selector("xai_block_height"));
const nodeHeightMinuteAgo = sumByNode(`${selector("xai_block_height")} offset 1m`);
/** 1 for each network whose best height (RECORDED.fleetBestHeight, inline) grew in the last minute, else 0. */
const bestHeight = (offset: string): string =>
  aggregate("max", `${selector("xai_block_height")}${offset}`, ["network"]);
const networkProduced = `(${bestHeight("")} - ${bestHeight(" offset 1m")} > bool 0)`;

/** Heights of the examined node (NODE_1) and of its healthy peer (NODE_2), one sample a minute. */
function heightsInput(examined: readonly number[], peer: readonly number[]): InputSeries[] {
  return [
    xaiSeries("xai_block_height", expandingValues(examined), {}, NODE_1),
    xaiSeries("xai_block_height", expandingValues(peer), {}, NODE_2),
  ];
}

/** Two nodes, one block a minute on the healthy one; the examined node skips bad minutes. */
function blockProductionInput(schedule: MinuteSchedule): InputSeries[] {
  const healthy = cumulative(schedule.map(() => 1));
  const examined = cumulative(schedule.map((bad) => (bad >= 1 ? 0 : 1)));
  return heightsInput(examined, healthy);
}

const blockProduction: SloDefinition = {
  name: "blockProduction",
  label: "block-production",
  title: "Block production liveness",
  alertPrefix: "BlockProduction",
  service: "blockchain",
  unit: "minutes",
  sli: "Minutes in which the node's height grew, over the minutes in which its network's best height grew.",
  total5m: `sum_over_time((0 * ${nodeHeight} + on (network) group_left () ${networkProduced})[5m:1m])`,
  errors5m: `sum_over_time(((${nodeHeight} - ${nodeHeightMinuteAgo} <= bool 0) * on (network) group_left () ${networkProduced})[5m:1m])`,
  input: blockProductionInput,
};

/** Two nodes, ten blocks a minute; in bad minutes the examined node is just past the allowed lag. */
function inSyncInput(schedule: MinuteSchedule): InputSeries[] {
  const best = [0, ...schedule].map((_, sample) => sample * 10);
  const examined = best.map((height, sample) =>
    sample > 0 && (schedule[sample - 1] ?? 0) >= 1 ? height - IN_SYNC_MAX_LAG_BLOCKS - 1 : height,
  );
  return heightsInput(examined, best);
}

const inSync: SloDefinition = {
  name: "inSync",
  label: "in-sync",
  title: "In sync",
  alertPrefix: "InSync",
  service: "blockchain",
  unit: "minutes",
  sli: `Minutes in which the node was at most ${String(IN_SYNC_MAX_LAG_BLOCKS)} blocks behind its network's best node, over all minutes.`,
  // RECORDED.heightLag's definition, inlined (see `inlined`).
  total5m: `count_over_time(${inlined(RECORDED.heightLag)}[5m:1m])`,
  errors5m: `sum_over_time((${inlined(RECORDED.heightLag)} > bool ${String(IN_SYNC_MAX_LAG_BLOCKS)})[5m:1m])`,
  input: inSyncInput,
};

/** Every SLO, in the order rules, alerts and dashboard rows list them. */
export const SLO_DEFINITIONS: readonly SloDefinition[] = [
  apiAvailability,
  latencySlo("xai_api_request_duration_seconds", API_LATENCY_BOUND_SECONDS),
  blockProduction,
  inSync,
];

/** The 5m bad and all events of one SLO, labelled with its `slo`. */
export function labelledEvents(definition: SloDefinition): { errors: string; total: string } {
  return {
    errors: labelled(definition.errors5m, definition.label),
    total: labelled(definition.total5m, definition.label),
  };
}

export const SLO_LABELS = [...NODE_LABELS, "slo"] as const;
