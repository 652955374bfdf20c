import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { XAI_FAMILIES, type CounterName, type GaugeName, type HistogramName } from "./families";

export type Labels = Readonly<Record<string, string>>;

/**
 * prom-client instruments for every XAI family, in one fresh registry per node process. Like Python's
 * prometheus_client, each counter and histogram child also gets a `<base>_created` gauge holding its
 * creation time, so the exposition has the same series as a real node.
 */
export class Instruments {
  readonly registry = new Registry();
  private readonly counters = new Map<string, Counter>();
  private readonly gauges = new Map<string, Gauge>();
  private readonly histograms = new Map<string, Histogram>();
  private readonly createdGauges = new Map<string, Gauge>();
  private readonly createdChildren = new Set<string>();

  constructor(
    private readonly clock: () => number,
    info: { version: string; network: string; nodeId: string },
  ) {
    for (const family of XAI_FAMILIES) {
      const common = {
        name: family.name,
        help: family.help,
        labelNames: [...family.labels],
        registers: [this.registry],
      };
      switch (family.type) {
        case "counter":
          this.counters.set(family.name, new Counter(common));
          this.addCreated(family.name.replace(/_total$/, ""), family.labels);
          break;
        case "gauge":
          this.gauges.set(family.name, new Gauge(common));
          break;
        case "histogram":
          this.histograms.set(family.name, new Histogram({ ...common, buckets: [...family.buckets] }));
          this.addCreated(family.name, family.labels);
          break;
        case "info":
          new Gauge({ ...common, name: `${family.name}_info` }).set(
            { version: info.version, network: info.network, node_id: info.nodeId },
            1,
          );
          break;
      }
    }
  }

  private addCreated(base: string, labels: readonly string[]): void {
    const name = `${base}_created`;
    this.createdGauges.set(
      name,
      new Gauge({
        name,
        help: `Creation time of ${base}`,
        labelNames: [...labels],
        registers: [this.registry],
      }),
    );
    // Unlabelled families exist from the start, as in prometheus_client.
    if (labels.length === 0) this.touch(base, {});
  }

  private touch(base: string, labels: Labels): void {
    const key = `${base}${JSON.stringify(labels)}`;
    if (this.createdChildren.has(key)) return;
    this.createdChildren.add(key);
    this.createdGauges.get(`${base}_created`)?.set(labels, this.clock() / 1000);
  }

  inc(name: CounterName, labels: Labels = {}, by = 1): void {
    this.touch(name.replace(/_total$/, ""), labels);
    this.counters.get(name)?.inc(labels, by);
  }

  set(name: GaugeName, value: number, labels: Labels = {}): void {
    this.gauges.get(name)?.set(labels, value);
  }

  observe(name: HistogramName, value: number, labels: Labels = {}): void {
    this.touch(name, labels);
    this.histograms.get(name)?.observe(labels, value);
  }

  /** Text exposition format 0.0.4, as Prometheus scrapes it. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }
}
