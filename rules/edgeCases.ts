import { durationSeconds } from "../settings/fields";
import type { AlertCase, AlertSpec, InputSeries } from "./types";
import { QUIET } from "./cases";
import { recordingRules } from "./recording";
import { promDuration } from "../settings/thresholds";

/**
 * Edge cases every alert with a range window gets, generated from one of its quiet (healthy) cases: the
 * alert must stay quiet while the window holds less history than it speaks about, or has holes in it.
 */
export const EDGE_CASE_KINDS = [
  "cold start",
  "node added mid-run",
  "scrape gap shorter than for",
  "Prometheus restart",
] as const;
export type EdgeCaseKind = (typeof EDGE_CASE_KINDS)[number];

const RANGE = /\[(\d+[smhd])\]/g;

function ranges(expr: string): number[] {
  return [...expr.matchAll(RANGE)].map((match) => durationSeconds(match[1] ?? "0s"));
}

/** The longest range window an alert reads, directly or through the recording rules it selects; seconds. */
export function alertWindowSeconds(expr: string): number | undefined {
  const rules = recordingRules();
  const reads = (text: string) => rules.filter((rule) => new RegExp(`${rule.record}(?![\\w:])`).test(text));
  // Recorded series may read other recorded series (quantiles read bucket rates): follow them all.
  const used = new Set(reads(expr));
  for (const rule of used) for (const next of reads(rule.expr)) used.add(next);
  const all = [...ranges(expr), ...[...used].flatMap((rule) => ranges(rule.expr))];
  return all.length === 0 ? undefined : Math.max(...all);
}

type Sample = number | "_";

/** Expands promtool's series notation (`1+2x3 _x2 5`) into one sample per step. */
export function expandValues(values: string): Sample[] {
  const samples: Sample[] = [];
  for (const token of values.trim().split(/\s+/)) {
    const blank = /^_(?:x(\d+))?$/.exec(token);
    if (blank) {
      samples.push(...Array<Sample>(Number(blank[1] ?? "1")).fill("_"));
      continue;
    }
    const run = /^(-?[\d.e+]+?)(?:([+-])([\d.e+]+))?x(\d+)$/.exec(token);
    if (run) {
      const start = Number(run[1]);
      const step = run[2] === undefined ? 0 : Number(`${run[2]}${run[3] ?? "0"}`);
      for (let index = 0; index <= Number(run[4]); index += 1) samples.push(start + step * index);
      continue;
    }
    samples.push(Number(token));
  }
  return samples;
}

/** A case whose firing now needs `extraSeconds` more (a longer `for:`): evaluated later, on longer input. */
export function delayed(example: AlertCase, extraSeconds: number): AlertCase {
  const intervalSeconds = durationSeconds(example.interval ?? "1m");
  const extraSteps = Math.ceil(extraSeconds / intervalSeconds);
  const atSteps = Math.round(durationSeconds(example.at) / intervalSeconds) + extraSteps;
  return {
    ...example,
    at: promDuration(atSteps * intervalSeconds),
    input: example.input.map((input) => {
      const samples = expandValues(input.values);
      return { ...input, values: render(extended(samples, Math.max(samples.length, atSteps + 1))) };
    }),
  };
}

/** The series continued to `length` steps with its last step (a counter keeps its pace, a gauge its value). */
function extended(samples: readonly Sample[], length: number): Sample[] {
  const numbers = samples.filter((sample): sample is number => sample !== "_");
  const last = numbers.at(-1) ?? 0;
  const pace = numbers.length >= 2 ? last - (numbers.at(-2) ?? last) : 0;
  const result = [...samples];
  while (result.length < length) result.push(last + pace * (result.length - samples.length + 1));
  return result.slice(0, Math.max(length, 1));
}

function render(samples: readonly Sample[]): string {
  return samples.map((sample) => (sample === "_" ? "_" : String(Number(sample.toFixed(6))))).join(" ");
}

const isUp = (series: string): boolean => series.startsWith("up{");

/** A copy of the series for another target: a node (or host) that first appears later. */
function addedTarget(series: string): string {
  return series
    .replace(/\binstance="([^"]*)"/, 'instance="added-$1"')
    .replace(/\bnode="([^"]*)"/, 'node="$1-added"');
}

function baseCase(spec: AlertSpec): AlertCase | undefined {
  const quiet = spec.cases.filter((example) => example.fires.length === 0);
  return spec.edgeBase === undefined ? quiet[0] : quiet.find((example) => example.title === spec.edgeBase);
}

/**
 * The four edge cases of a windowed alert, all expected quiet; empty when the alert reads no range or
 * has no quiet case. Gaps are checked once `for` could have passed after them.
 */
export function edgeCases(spec: AlertSpec): AlertCase[] {
  const windowSeconds = alertWindowSeconds(spec.expr);
  const base = baseCase(spec);
  if (windowSeconds === undefined || base === undefined) return [];
  const intervalSeconds = durationSeconds(base.interval ?? "1m");
  const steps = (seconds: number): number => Math.max(1, Math.ceil(seconds / intervalSeconds));
  const window = steps(windowSeconds);
  const forSteps = Math.ceil(durationSeconds(spec.for) / intervalSeconds);
  const at = (step: number): string => promDuration(step * intervalSeconds);
  const quiet = (kind: EdgeCaseKind, detail: string, input: InputSeries[], step: number): AlertCase => ({
    title: `edge: ${kind}: ${detail}`,
    interval: base.interval,
    input,
    at: at(step),
    fires: QUIET,
  });
  const expanded = base.input.map((input) => ({ series: input.series, samples: expandValues(input.values) }));
  const over = (length: number, edit: (samples: Sample[], series: string) => Sample[]): InputSeries[] =>
    expanded.map(({ series, samples }) => ({
      series,
      values: render(edit(extended(samples, length), series)),
    }));

  // Gaps start once the window and `for` have both been full of healthy data.
  const steady = window + forSteps + 1;
  const gap = Math.max(1, forSteps - 1);
  const restart = 3;
  const added = window;
  const length = Math.max(steady + restart + forSteps, added + window) + 1;
  const holes = (from: number, count: number, upTo: Sample | "keep") => (samples: Sample[], series: string) =>
    samples.map((sample, index) => {
      if (index < from || index >= from + count) return sample;
      if (isUp(series)) return upTo === "keep" ? "_" : upTo;
      return "_";
    });
  const withAdded = (): InputSeries[] => [
    ...over(length, (samples) => samples),
    ...over(length, (samples) => samples).map((input, index) => ({
      series: addedTarget(expanded[index]?.series ?? input.series),
      values: render([
        ...Array<Sample>(added).fill("_"),
        ...extended(expanded[index]?.samples ?? [], length - added),
      ]),
    })),
  ];
  return [
    quiet(
      "cold start",
      "history one step short of the window",
      over(window, (s) => s),
      window - 1,
    ),
    quiet("node added mid-run", "its history one step short of the window", withAdded(), added + window - 1),
    quiet(
      "scrape gap shorter than for",
      `${String(gap)} failed scrape(s), then as long as for`,
      over(length, holes(steady, gap, 0)),
      steady + gap + forSteps,
    ),
    quiet(
      "Prometheus restart",
      `every series missing for ${String(restart)} steps, then as long as for`,
      over(length, holes(steady, restart, "keep")),
      steady + restart + forSteps,
    ),
  ];
}
