import {
  CATALOG,
  XAI_JOB,
  type BucketBound,
  type CatalogSeries,
  type CounterSeries,
  type GaugeSeries,
  type XaiHistogram,
} from "../metrics";
import type { RecordingRuleName } from "./recordingNames";
import { NODE_LABELS } from "./types";

/**
 * Small typed PromQL builders. Metric names are checked at compile time against the catalog
 * (and the recording rules defined here), and rate/increase only take counters.
 */

export type Matcher =
  string | { readonly re: string } | { readonly not: string } | { readonly notRe: string };
export type Matchers = Readonly<Record<string, Matcher>>;

/** Anything a selector may name: catalog series or our own recording rules. */
export type Selectable = CatalogSeries | RecordingRuleName;

function quote(value: string): string {
  return JSON.stringify(value);
}

function renderMatcher(label: string, matcher: Matcher): string {
  if (typeof matcher === "string") return `${label}=${quote(matcher)}`;
  if ("re" in matcher) return `${label}=~${quote(matcher.re)}`;
  if ("not" in matcher) return `${label}!=${quote(matcher.not)}`;
  return `${label}!~${quote(matcher.notRe)}`;
}

/** A vector selector; catalog series get their scrape job's matcher so other jobs never leak in. */
export function selector(name: Selectable, matchers: Matchers = {}): string {
  const job = CATALOG.get(name)?.job;
  const all: Matchers = job === undefined || "job" in matchers ? matchers : { job, ...matchers };
  const parts = Object.entries(all).map(([label, matcher]) => renderMatcher(label, matcher));
  return parts.length === 0 ? name : `${name}{${parts.join(",")}}`;
}

/** Current value of a gauge (or a recording rule). */
export function gauge(name: GaugeSeries | RecordingRuleName, matchers: Matchers = {}): string {
  return selector(name, matchers);
}

export function rate(name: CounterSeries, window: string, matchers: Matchers = {}): string {
  return `rate(${selector(name, matchers)}[${window}])`;
}

export function increase(name: CounterSeries, window: string, matchers: Matchers = {}): string {
  return `increase(${selector(name, matchers)}[${window}])`;
}

/** `<agg> by (labels) (expr)`; defaults to one series per XAI node. */
export function aggregate(
  operator: "sum" | "max" | "min" | "avg" | "count",
  expr: string,
  by: readonly string[] = NODE_LABELS,
): string {
  return `${operator} by (${by.join(", ")}) (${expr})`;
}

export function sumByNode(expr: string): string {
  return aggregate("sum", expr);
}

export function maxByNode(expr: string): string {
  return aggregate("max", expr);
}

/** `numerator / denominator`, both already aggregated to the same labels. */
export function ratio(numerator: string, denominator: string): string {
  return `(${numerator}) / (${denominator})`;
}

/**
 * `expr`, or 0 for every series of `like` that `expr` lacks: a count of errors is 0, not absent, when
 * there were none, so ratios and dashboards show 0 instead of no data. Both must carry the same labels.
 */
export function orZero(expr: string, like: string): string {
  return `(${expr} or 0 * ${like})`;
}

/** histogram_quantile over per-`by` summed bucket rates (le kept), as the histogram type requires. */
export function histogramQuantile(
  quantile: number,
  histogram: XaiHistogram,
  window: string,
  by: readonly string[] = NODE_LABELS,
): string {
  return `histogram_quantile(${quantile}, ${aggregate("sum", rate(`${histogram}_bucket`, window), ["le", ...by])})`;
}

/**
 * The `le` values one bucket bound can carry: Python's client writes 10 as "10.0",
 * Go clients and Prometheus 3 (which normalises on ingestion) as "10".
 */
export function leRegex(bound: number): string {
  const goForm = String(bound);
  const pythonForm = Number.isInteger(bound) ? `${goForm}.0` : goForm;
  const forms = [...new Set([goForm, pythonForm])].map((form) => form.replaceAll(".", "\\."));
  return forms.join("|");
}

/**
 * Fraction of a histogram's observations above one of its bucket bounds, per node. Use it instead of
 * histogram_quantile when the threshold is the top finite bound: the quantile can never exceed that bound.
 */
export function fractionAbove<H extends XaiHistogram>(
  histogram: H,
  bound: BucketBound<H>,
  window: string,
): string {
  const all = sumByNode(rate(`${histogram}_count`, window));
  const atOrBelow = sumByNode(rate(`${histogram}_bucket`, window, { le: { re: leRegex(bound) } }));
  return `(${all} - ${atOrBelow}) / ${all}`;
}

/** Keeps only nodes whose xai-node target is up, so "too low" alerts stay quiet when NodeDown fires. */
export function whileNodeUp(expr: string): string {
  return `(${expr}) and on (${NODE_LABELS.join(", ")}) ${selector("up", { job: XAI_JOB })} == 1`;
}
