/** The shape of one metric family, whichever exporter exposes it. */
export type MetricType = "counter" | "gauge" | "histogram" | "info";

export interface MetricFamily {
  /** Family name as documented; counters end in _total, the info family has no _info suffix. */
  readonly name: string;
  readonly type: MetricType;
  readonly category: string;
  readonly labels: readonly string[];
  /** Every series name the exporter writes for this family. */
  readonly series: readonly string[];
  /** Finite upper bounds of a histogram's buckets (the +Inf bucket is implied). */
  readonly buckets?: readonly number[];
  readonly unit?: string;
}
