import { EXPORTER_FAMILIES, type ExporterFamily } from "./exporters";
import type { MetricFamily } from "./family";
import { XAI_FAMILIES, XAI_JOB } from "./xai";

export type { MetricFamily, MetricType } from "./family";
export { EXPORTER_FAMILIES, EXPORTER_JOBS, REFERENCE_HEIGHT_METRIC, type ExporterFamily } from "./exporters";
export { XAI_FALLBACK_SCRAPE_PROTOCOL, XAI_FAMILIES, XAI_JOB, XAI_NODE_SCRAPE } from "./xai";

type XaiFamily = (typeof XAI_FAMILIES)[number];
type AnyFamily = XaiFamily | (typeof EXPORTER_FAMILIES)[number];

export type XaiHistogram = Extract<XaiFamily, { type: "histogram" }>["name"];
export type XaiCounter = Extract<XaiFamily, { type: "counter" }>["name"];
export type XaiGauge = Extract<XaiFamily, { type: "gauge" }>["name"];

/** The finite bucket bounds of one XAI histogram, as literal numbers: a bound that does not exist is a type error. */
export type BucketBound<H extends XaiHistogram> = Extract<XaiFamily, { name: H }>["buckets"][number];

/** Series that only ever go up (reset on restart): the only valid arguments of rate/increase. */
export type CounterSeries =
  Extract<AnyFamily, { type: "counter" }>["name"] | `${XaiHistogram}_${"bucket" | "sum" | "count"}`;

/** Series holding a current value; never wrap them in rate/increase. */
export type GaugeSeries = Extract<AnyFamily, { type: "gauge" }>["name"] | "xai_node_info";

/** Every series name a query may select. */
export type CatalogSeries = CounterSeries | GaugeSeries;

export interface CatalogEntry {
  readonly family: MetricFamily;
  /** The scrape job that exposes the series; undefined for series Prometheus writes per target (`up`). */
  readonly job: string | undefined;
  readonly kind: "counter" | "gauge" | "histogram-part" | "created";
}

function entriesOf(family: MetricFamily, job: string | undefined): [string, CatalogEntry][] {
  return family.series.map((series) => {
    const kind: CatalogEntry["kind"] = series.endsWith("_created")
      ? "created"
      : family.type === "histogram"
        ? "histogram-part"
        : family.type === "counter"
          ? "counter"
          : "gauge";
    return [series, { family, job, kind }];
  });
}

/** Every series in the catalog, keyed by series name. */
export const CATALOG: ReadonlyMap<string, CatalogEntry> = new Map([
  ...XAI_FAMILIES.flatMap((family) => entriesOf(family, XAI_JOB)),
  ...EXPORTER_FAMILIES.flatMap((family: ExporterFamily) => entriesOf(family, family.job)),
]);

/** True for series that rate/increase/irate may take: counters and histogram parts. */
export function isCounterSeries(series: string): boolean {
  const kind = CATALOG.get(series)?.kind;
  return kind === "counter" || kind === "histogram-part";
}

/** Finite bucket bounds of one XAI histogram. */
export function histogramBuckets(name: XaiHistogram): readonly number[] {
  const found: MetricFamily | undefined = XAI_FAMILIES.find((family) => family.name === name);
  if (found?.buckets === undefined) throw new Error(`${name} is not an XAI histogram`);
  return found.buckets;
}
