import {
  CATALOG,
  XAI_JOB,
  histogramBuckets,
  type BucketBound,
  type CatalogSeries,
  type GaugeSeries,
  type XaiHistogram,
} from "../metrics";
import type { AlertCase, ExpectedAlert, InputSeries } from "./types";

/** Builders for the typed promtool examples beside each alert. Series names are catalog-checked. */

export interface NodeRef {
  readonly node: string;
  readonly network: string;
}

export const NODE_1: NodeRef = { node: "xai-node-1", network: "mainnet" };
export const NODE_2: NodeRef = { node: "xai-node-2", network: "mainnet" };
export const NODE_3: NodeRef = { node: "xai-node-3", network: "mainnet" };

/** Labels an alert aggregated `by (node, network)` carries. */
export function nodeLabels(node: NodeRef = NODE_1): Record<string, string> {
  return { node: node.node, network: node.network };
}

type Labels = Readonly<Record<string, string>>;

function seriesText(name: string, labels: Labels): string {
  const parts = Object.entries(labels).map(([label, value]) => `${label}=${JSON.stringify(value)}`);
  return `${name}{${parts.join(",")}}`;
}

/** The target labels the xai-node scrape job gives every series of one node. */
export function xaiTargetLabels(node: NodeRef = NODE_1): Labels {
  return { job: XAI_JOB, instance: `${node.node}:8000`, node: node.node, network: node.network };
}

export function xaiSeries(
  name: CatalogSeries,
  values: string,
  labels: Labels = {},
  node: NodeRef = NODE_1,
): InputSeries {
  return { series: seriesText(name, { ...xaiTargetLabels(node), ...labels }), values };
}

/** `up` of one XAI node's target. */
export function xaiUp(values: string, node: NodeRef = NODE_1): InputSeries {
  return xaiSeries("up", values, {}, node);
}

const DEFAULT_INSTANCES: Record<string, string> = {
  "node-exporter": "host-1:9100",
  cadvisor: "host-1:8080",
  prometheus: "localhost:9090",
  alertmanager: "alertmanager:9093",
};

/** A series of a non-XAI exporter, labelled with its catalog job and a default instance. */
export function exporterSeries(name: CatalogSeries, values: string, labels: Labels = {}): InputSeries {
  const job = labels.job ?? CATALOG.get(name)?.job ?? "unknown";
  const instance = DEFAULT_INSTANCES[job] ?? `${job}:9000`;
  return { series: seriesText(name, { job, instance, ...labels }), values };
}

/** How Python's prometheus_client writes a bucket bound in `le` (its floatToGoString). */
export function pythonLe(bound: number): string {
  const text = Number.isInteger(bound) ? `${bound}.0` : String(bound);
  const dot = text.indexOf(".");
  if (bound > 0 && dot > 6) {
    const mantissa = `${text[0] ?? ""}.${text.slice(1, dot)}${text.slice(dot + 1)}`.replace(/[0.]+$/, "");
    return `${mantissa}e+0${dot - 1}`;
  }
  return text;
}

/**
 * Bucket, count and sum series of one node's histogram, growing every step by the given observations:
 * `[bound, n]` puts n observations into the bucket whose upper bound is `bound` ("+Inf": above all bounds).
 */
export function xaiHistogram<H extends XaiHistogram>(
  histogram: H,
  observationsPerStep: readonly (readonly [BucketBound<H> | "+Inf", number])[],
  options: { readonly steps?: number; readonly labels?: Labels; readonly node?: NodeRef } = {},
): InputSeries[] {
  const steps = options.steps ?? 60;
  const bounds: readonly number[] = histogramBuckets(histogram);
  const landedAtOrBelow = (limit: number): number =>
    observationsPerStep.reduce(
      (total, [bound, count]) => (bound !== "+Inf" && bound <= limit ? total + count : total),
      0,
    );
  const total = observationsPerStep.reduce((sum, [, count]) => sum + count, 0);
  const grow = (perStep: number): string => `0+${perStep}x${steps}`;
  const labels = options.labels ?? {};
  const node = options.node ?? NODE_1;
  return [
    ...bounds.map((bound) =>
      xaiSeries(
        `${histogram}_bucket`,
        grow(landedAtOrBelow(bound)),
        { ...labels, le: pythonLe(bound) },
        node,
      ),
    ),
    xaiSeries(`${histogram}_bucket`, grow(total), { ...labels, le: "+Inf" }, node),
    xaiSeries(`${histogram}_count`, grow(total), labels, node),
  ];
}

/** The alert fires once, with the given `$value` text, on NODE_1 unless other labels are given. */
export function firesWith(
  value: string,
  labels: Readonly<Record<string, string>> = nodeLabels(),
): ExpectedAlert[] {
  return [{ labels, value }];
}

/** The alert stays quiet. */
export const QUIET: readonly ExpectedAlert[] = [];

/** An example whose whole input is one series, given by its values. */
export type SeriesCase = Omit<AlertCase, "input"> & { readonly values: string };

function casesOf(series: (values: string) => InputSeries, cases: readonly SeriesCase[]): AlertCase[] {
  return cases.map(({ values, ...example }) => ({ ...example, input: [series(values)] }));
}

/** Examples that each feed the alert one series of `metric` of NODE_1. */
export function xaiSeriesCases(
  metric: CatalogSeries,
  cases: readonly SeriesCase[],
  labels: Labels = {},
): AlertCase[] {
  return casesOf((values) => xaiSeries(metric, values, labels), cases);
}

/** Examples that each feed the alert one series of an exporter's `metric`. */
export function exporterSeriesCases(metric: CatalogSeries, cases: readonly SeriesCase[]): AlertCase[] {
  return casesOf((values) => exporterSeries(metric, values), cases);
}

/** Prometheus' `humanize` for values from 1 up: SI prefixes in steps of 1000, four significant digits. */
export function humanize(value: number): string {
  const prefixes = ["", "k", "M", "G", "T"];
  let scaled = value;
  let prefix = 0;
  while (Math.abs(scaled) >= 1000 && prefix < prefixes.length - 1) {
    scaled /= 1000;
    prefix += 1;
  }
  return `${String(Number(scaled.toPrecision(4)))}${prefixes[prefix] ?? ""}`;
}

/**
 * A firing and a quiet case for "one gauge beyond a threshold" alerts, computed from the threshold so they
 * follow overrides: the gauge one step past it fires, the threshold itself stays quiet. The node's `up` is
 * included so a rule split by network (which filters on `up`) still sees it.
 */
export function thresholdCases(options: {
  readonly metric: GaugeSeries;
  readonly threshold: number;
  readonly beyond: "below" | "above";
  /** How far past the threshold the firing value lies. */
  readonly step: number;
  readonly valueText: (value: number) => string;
  readonly unit: string;
  readonly at: string;
}): AlertCase[] {
  const { threshold, step } = options;
  const firing = Number((options.beyond === "below" ? threshold - step : threshold + step).toFixed(6));
  const input = (value: number): InputSeries[] => [
    xaiSeries(options.metric, `${String(value)}x60`),
    xaiUp("1x60"),
  ];
  return [
    {
      title: `${String(firing)}${options.unit} (${options.beyond} ${String(threshold)}) fires`,
      input: input(firing),
      at: options.at,
      fires: firesWith(options.valueText(firing)),
    },
    {
      title: `exactly ${String(threshold)}${options.unit} stays quiet`,
      input: input(threshold),
      at: options.at,
      fires: QUIET,
    },
  ];
}
