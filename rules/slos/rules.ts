import type { StackSettings } from "../../settings";
import { durationSeconds } from "../../settings/fields";
import type { AlertCase, AlertSpec } from "../types";
import { QUIET } from "../cases";
import { selector } from "../promql";
import type { RecordingRule } from "../recording";
import type { Severity } from "../../settings/names";
import { SLO_DEFINITIONS, SLO_LABELS, labelledEvents, type SloDefinition } from "./definitions";
import { SLI_WINDOWS, SLO_RECORDED, type SliWindow } from "./names";
import { SLO_DEFAULTS, SLO_NAMES, type SloWindow } from "../../settings/sloObjectives";

/** An enabled SLO with its settings applied. */
export interface ActiveSlo {
  readonly definition: SloDefinition;
  /** Percent, e.g. 99.5. */
  readonly objective: number;
  readonly window: SloWindow;
  /** Allowed share of bad events: 1 - objective. */
  readonly budget: number;
}

/** The SLO settings a stack gets when it sets none: every SLO on, default objective, 30 days. */
export function defaultSloSettings(): StackSettings["slos"] {
  return Object.fromEntries(
    SLO_NAMES.map((name) => [
      name,
      { objective: SLO_DEFAULTS[name].objective, window: "30d", enabled: true },
    ]),
  ) as StackSettings["slos"];
}

export function activeSlos(settings: Pick<StackSettings, "slos">): ActiveSlo[] {
  return SLO_DEFINITIONS.flatMap((definition) => {
    const setting = settings.slos[definition.name];
    if (!setting.enabled) return [];
    // Rounded so 100 - 99.9 is 0.1, not 0.09999999999999432.
    const budget = Math.round((100 - setting.objective) * 1e9) / 1e11;
    return [{ definition, objective: setting.objective, window: setting.window, budget }];
  });
}

/** How each recorded window is summed from shorter recorded ones: [shorter window, how many]. */
const COMPOSED_FROM: Readonly<Record<Exclude<SliWindow, "5m">, readonly [SliWindow, number]>> = {
  "30m": ["5m", 6],
  "1h": ["30m", 2],
  "2h": ["1h", 2],
  "6h": ["2h", 3],
  "1d": ["6h", 4],
  "3d": ["1d", 3],
};

/**
 * The sum of `count` back-to-back windows of a recorded series: now, `offset w`, `offset 2w`, ... Each
 * recorded sample covers exactly the window before it, so the sum is exact, costs one lookup per term,
 * and does not lag. A term without history (a new node) counts as 0: the window then covers the data
 * there is, as rate() would.
 */
export function backToBack(series: string, window: string, count: number): string {
  const seconds = durationSeconds(window);
  const terms = Array.from({ length: count }, (_, index) =>
    index === 0 ? series : `(${series} offset ${offsetText(seconds * index)} or 0 * ${series})`,
  );
  return terms.join(" + ");
}

function offsetText(seconds: number): string {
  if (seconds % 86_400 === 0) return `${String(seconds / 86_400)}d`;
  if (seconds % 3_600 === 0) return `${String(seconds / 3_600)}h`;
  return `${String(seconds / 60)}m`;
}

function windowDays(window: SloWindow): number {
  return durationSeconds(window) / 86_400;
}

/** The SLO recording rules for the enabled SLOs: 5m events per SLO, longer windows for all at once. */
export function sloRecordingRules(settings: StackSettings): readonly RecordingRule[] {
  const slos = activeSlos(settings);
  if (slos.length === 0) return [];
  const base = slos.flatMap(({ definition }): RecordingRule[] => {
    const events = labelledEvents(definition);
    const labels = { slo: definition.label };
    return [
      { record: SLO_RECORDED.errors["5m"], expr: events.errors, labels },
      { record: SLO_RECORDED.total["5m"], expr: events.total, labels },
    ];
  });
  const composed = SLI_WINDOWS.flatMap((window): RecordingRule[] => {
    const ratio: RecordingRule = {
      record: SLO_RECORDED.errorRatio[window],
      expr: `${SLO_RECORDED.errors[window]} / ${SLO_RECORDED.total[window]}`,
    };
    if (window === "5m") return [ratio];
    const [shorter, count] = COMPOSED_FROM[window];
    return [
      { record: SLO_RECORDED.errors[window], expr: backToBack(SLO_RECORDED.errors[shorter], shorter, count) },
      { record: SLO_RECORDED.total[window], expr: backToBack(SLO_RECORDED.total[shorter], shorter, count) },
      ratio,
    ];
  });
  const perSlo = slos.flatMap(({ definition, objective, window }): RecordingRule[] => {
    const only = { slo: definition.label };
    const labels = only;
    const days = windowDays(window);
    const constant = (value: number): string =>
      `label_replace(vector(${String(value)}), "slo", ${JSON.stringify(definition.label)}, "", "")`;
    return [
      {
        record: SLO_RECORDED.windowErrors,
        labels,
        expr: backToBack(selector(SLO_RECORDED.errors["1d"], only), "1d", days),
      },
      {
        record: SLO_RECORDED.windowTotal,
        labels,
        expr: backToBack(selector(SLO_RECORDED.total["1d"], only), "1d", days),
      },
      { record: SLO_RECORDED.objective, expr: constant(Math.round(objective * 1e7) / 1e9), labels },
      { record: SLO_RECORDED.windowDays, expr: constant(days), labels },
    ];
  });
  return [
    ...base,
    ...composed,
    ...perSlo,
    {
      record: SLO_RECORDED.windowErrorRatio,
      expr: `${SLO_RECORDED.windowErrors} / ${SLO_RECORDED.windowTotal}`,
    },
  ];
}

/**
 * Evaluation interval of the SLO alerts' promtool examples: 5m keeps the 3-day examples cheap, and the
 * 5m windows still tile exactly.
 */
export const SLO_TEST_EVALUATION_INTERVAL = "5m";

/** One window pair of a multiwindow, multi-burn-rate alert (Google SRE workbook, chapter 5). */
export interface BurnRatePair {
  /** Times the rate at which the budget lasts exactly the SLO window. */
  readonly burnRate: number;
  readonly long: SliWindow;
  readonly short: SliWindow;
}

export const BURN_ALERTS = {
  page: {
    severity: "critical",
    suffix: "ErrorBudgetFastBurn",
    for: "2m",
    pairs: [
      { burnRate: 14.4, long: "1h", short: "5m" },
      { burnRate: 6, long: "6h", short: "30m" },
    ],
  },
  ticket: {
    severity: "warning",
    suffix: "ErrorBudgetSlowBurn",
    for: "15m",
    pairs: [
      { burnRate: 3, long: "1d", short: "2h" },
      { burnRate: 1, long: "3d", short: "6h" },
    ],
  },
} as const satisfies Record<
  string,
  { severity: Severity; suffix: string; for: string; pairs: readonly BurnRatePair[] }
>;
export type BurnAlertKind = keyof typeof BURN_ALERTS;

function minutes(window: string): number {
  return durationSeconds(window) / 60;
}

/** Share of the SLO window's budget a burn rate spends during `long`. */
export function budgetSpent(burnRate: number, long: SliWindow, window: SloWindow): number {
  return (burnRate * durationSeconds(long)) / durationSeconds(window);
}

/**
 * Fires while both windows burn faster than the pair's rate. The value is the share of the SLO window's
 * error budget spent in the long window, and `long_window` says which pair fired.
 */
function pairExpr(slo: ActiveSlo, pair: BurnRatePair): string {
  const only = { slo: slo.definition.label };
  const budget = String(slo.budget);
  const burn = (window: SliWindow): string =>
    `${selector(SLO_RECORDED.errorRatio[window], only)} / ${budget} > ${String(pair.burnRate)}`;
  const share = String(durationSeconds(slo.window) / durationSeconds(pair.long));
  const spent = `(${burn(pair.long)}) / ${share}`;
  const both = `${spent} and on (${SLO_LABELS.join(", ")}) ${burn(pair.short)}`;
  return `label_replace(${both}, "long_window", "${pair.long}", "", "")`;
}

export function burnAlertName(definition: SloDefinition, kind: BurnAlertKind): string {
  return `${definition.alertPrefix}${BURN_ALERTS[kind].suffix}`;
}

function humanizePercentage(ratio: number): string {
  return `${String(Number((ratio * 100).toPrecision(4)))}%`;
}

/** Bad share of minute `index` within `run` minutes: 0 before the burst, then the burst, then 0. */
function schedule(run: number, burst: { end: number; minutes: number; share: number }): number[] {
  return Array.from({ length: run }, (_, index) => {
    const minute = index + 1;
    return minute > burst.end - burst.minutes && minute <= burst.end ? burst.share : 0;
  });
}

/**
 * Examples of one burn alert, from its SLO's definition: each pair fires at its rate and stays quiet
 * just below it, and a recovered incident stops paging once the short windows are clean.
 */
function burnCases(slo: ActiveSlo, kind: BurnAlertKind): AlertCase[] {
  const spec = BURN_ALERTS[kind];
  // The examples evaluate every SLO_TEST_EVALUATION_INTERVAL, so for: holds from a whole step back.
  const step = minutes(SLO_TEST_EVALUATION_INTERVAL);
  const forMinutes = Math.ceil(minutes(spec.for) / step) * step;
  // Long enough for every long window of the alert to be full.
  const run = Math.max(...spec.pairs.map((pair) => minutes(pair.long))) + forMinutes + 10;
  const labels = (pair: BurnRatePair): Record<string, string> => ({
    node: "xai-node-1",
    network: "mainnet",
    slo: slo.definition.label,
    long_window: pair.long,
  });
  const at = `${String(run)}m`;
  const byRequests = slo.definition.unit === "requests";
  const pairCases = spec.pairs.flatMap((pair): AlertCase[] => {
    const long = minutes(pair.long);
    const threshold = pair.burnRate * slo.budget;
    if (byRequests) {
      // A steady share over the whole long window (and the for: before it).
      const burst = (factor: number) => ({
        end: run,
        minutes: long + forMinutes + 5,
        share: threshold * factor,
      });
      const above = burst(1.02);
      return [
        {
          title: `${String(pair.burnRate)}x over ${pair.long} and ${pair.short} fires`,
          input: slo.definition.input(schedule(run, above)),
          at,
          fires: [
            {
              labels: labels(pair),
              value: humanizePercentage(above.share / slo.budget / (minutes(slo.window) / long)),
            },
          ],
        },
        {
          title: `just below ${String(pair.burnRate)}x over ${pair.long} stays quiet`,
          input: slo.definition.input(schedule(run, burst(0.98))),
          at,
          fires: QUIET,
        },
      ];
    }
    // Whole bad minutes, spread so that the short window always holds enough of them and the other pair
    // stays quiet: the fewest that exceed the rate for all of for:, and as many as the rate allows.
    const short = minutes(pair.short);
    const needed = Math.floor(threshold * long) + 1;
    const spacing = (count: number): number =>
      Math.min(Math.floor(long / count), Math.floor(short / (Math.floor(threshold * short) + 1)));
    let firingCount = needed + 1;
    while (needed + Math.ceil(forMinutes / spacing(firingCount)) + 1 > firingCount) firingCount += 1;
    const spread = (count: number): number[] => {
      const every = spacing(count);
      const bad = new Set(Array.from({ length: count }, (_, index) => run - index * every));
      return Array.from({ length: run }, (_, index) => (bad.has(index + 1) ? 1 : 0));
    };
    return [
      {
        title: `${String(firingCount)} bad minutes in ${pair.long} (over ${String(pair.burnRate)}x) fires`,
        input: slo.definition.input(spread(firingCount)),
        at,
        fires: [
          {
            labels: labels(pair),
            value: humanizePercentage(firingCount / long / slo.budget / (minutes(slo.window) / long)),
          },
        ],
      },
      {
        title: `${String(needed - 1)} bad minutes in ${pair.long} (at most ${String(pair.burnRate)}x) stays quiet`,
        input: slo.definition.input(spread(needed - 1)),
        at,
        fires: QUIET,
      },
    ];
  });
  // A hard incident over the first pair's long window that ended just after the longest short window.
  const [first] = spec.pairs;
  const recovered = Math.max(...spec.pairs.map((pair) => minutes(pair.short))) + 2;
  const long = minutes(first.long);
  const share = byRequests ? Math.min(1, first.burnRate * slo.budget * 4) : 1;
  const incidentMinutes = byRequests
    ? long
    : Math.min(long - recovered, Math.ceil(first.burnRate * slo.budget * long * 2));
  const incident = { end: run - recovered, minutes: incidentMinutes, share };
  return [
    ...pairCases,
    {
      title: `an incident over ${first.long} that recovered ${String(recovered)}m ago stays quiet (short windows clean)`,
      input: slo.definition.input(schedule(run, incident)),
      at,
      fires: QUIET,
    },
  ];
}

/** Page and ticket alerts of every enabled SLO. */
export function sloAlerts(settings: Pick<StackSettings, "slos">): readonly AlertSpec[] {
  return activeSlos(settings).flatMap((slo) =>
    (Object.keys(BURN_ALERTS) as BurnAlertKind[]).map((kind): AlertSpec => {
      const spec = BURN_ALERTS[kind];
      const { definition } = slo;
      const pairsText = spec.pairs
        .map(
          (pair) =>
            `${String(pair.burnRate)}x over ${pair.long} and ${pair.short} (${humanizePercentage(budgetSpent(pair.burnRate, pair.long, slo.window))} of the budget in ${pair.long})`,
        )
        .join(" or ");
      return {
        name: burnAlertName(definition, kind),
        expr: spec.pairs.map((pair) => pairExpr(slo, pair)).join(` or on (${SLO_LABELS.join(", ")}) `),
        for: spec.for,
        severity: spec.severity,
        service: definition.service,
        inhibits: kind === "page" ? [burnAlertName(definition, "ticket")] : [],
        value: "ratio",
        summary: (v) =>
          `${definition.title} SLO of ${v.node}: ${v.value} of the ${slo.window} error budget spent in ${v.label("long_window")}`,
        description: (v) =>
          `Node ${v.node} (${v.network}) spent ${v.value} of its ${slo.window} error budget for ${definition.title} (objective ${String(slo.objective)}%) in the last ${v.label("long_window")}. ${definition.sli} This alert fires at ${pairsText}.`,
        cases: burnCases(slo, kind),
      };
    }),
  );
}

/** SLO alert names of one stack, page then ticket per SLO. */
export function sloAlertNames(settings: StackSettings): string[] {
  return sloAlerts(settings).map((alert) => alert.name);
}
