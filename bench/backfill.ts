import { createWriteStream, type WriteStream } from "node:fs";
import { join } from "node:path";
import { once } from "node:events";
import { NodeSimulation } from "../tools/simulator/simulation";

export interface FleetHistory {
  readonly nodes: number;
  readonly hours: number;
  readonly stepSeconds: number;
  readonly network: string;
  /** End of the history, in milliseconds since the epoch. */
  readonly endMs: number;
}

export interface FleetHistoryFiles {
  /** One OpenMetrics file per 2-hour TSDB block window, so promtool parses each sample only a few times. */
  readonly paths: readonly string[];
  readonly series: number;
  readonly samples: number;
  readonly bytes: number;
}

export function fleetNodeName(index: number): string {
  return `fleet-${String(index).padStart(3, "0")}`;
}

const TARGET_LABELS = new Set(["job", "instance", "node", "network"]);

/** Exposed labels as Prometheus stores them: one that clashes with a target label becomes exported_<name>. */
function labelText(labels: Readonly<Record<string, string | number>>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${TARGET_LABELS.has(key) ? `exported_${key}` : key}="${String(value)}"`)
    .join(",");
}

/** promtool cuts blocks at 2-hour boundaries; a file per window keeps its re-reads of the input small. */
const BLOCK_WINDOW_MS = 2 * 3_600_000;

/**
 * Writes the history of a simulated fleet as OpenMetrics text for `promtool tsdb create-blocks-from
 * openmetrics`: every node's exposition at every step, with the target labels the xai-node scrape job
 * adds (job, instance, node, network) and an `up` series, as if Prometheus had scraped it.
 */
export async function writeFleetHistory(
  directory: string,
  history: FleetHistory,
  /** Called as each window's file is complete, so conversion can overlap generation. */
  onFile: (path: string) => void = () => undefined,
): Promise<FleetHistoryFiles> {
  const startMs = history.endMs - history.hours * 3_600_000;
  let now = startMs;
  const clock = (): number => now;
  const nodes = Array.from({ length: history.nodes }, (_, index) => {
    const name = fleetNodeName(index);
    const simulation = new NodeSimulation({
      nodeId: name,
      network: history.network,
      version: "1.0.0",
      clock,
      initialUptimeSeconds: 86_400,
      maxObservationsPerStep: 5,
    });
    const target = `job="xai-node",instance="${name}:8000",node="${name}",network="${history.network}"`;
    return { simulation, target };
  });
  const paths: string[] = [];
  let out: WriteStream | undefined;
  let window = -1;
  let samples = 0;
  let bytes = 0;
  const seriesNames = new Set<string>();
  const finish = async (stream: WriteStream): Promise<void> => {
    stream.end("# EOF\n");
    await once(stream, "finish");
    onFile(paths.at(-1)!);
  };
  for (let step = 0; now <= history.endMs; step += 1) {
    if (Math.floor(now / BLOCK_WINDOW_MS) !== window) {
      if (out) await finish(out);
      window = Math.floor(now / BLOCK_WINDOW_MS);
      const path = join(directory, `history-${window}.om`);
      paths.push(path);
      out = createWriteStream(path, { highWaterMark: 1 << 22 });
    }
    const seconds = (now / 1000).toFixed(3);
    const last = now + history.stepSeconds * 1000 > history.endMs;
    for (const node of nodes) {
      if (step > 0) node.simulation.advance(history.stepSeconds);
      const lines: string[] = [`up{${node.target}} 1 ${seconds}`];
      for (const metric of await node.simulation.instruments.registry.getMetricsAsJSON()) {
        for (const sample of metric.values as {
          value: number;
          labels: Record<string, string | number>;
          metricName?: string;
        }[]) {
          const extra = labelText(sample.labels);
          const name = sample.metricName ?? metric.name;
          lines.push(`${name}{${node.target}${extra === "" ? "" : `,${extra}`}} ${sample.value} ${seconds}`);
        }
      }
      if (last) for (const line of lines) seriesNames.add(line.slice(0, line.lastIndexOf("}") + 1));
      samples += lines.length;
      const text = `${lines.join("\n")}\n`;
      bytes += text.length;
      if (!out!.write(text)) await once(out!, "drain");
    }
    now += history.stepSeconds * 1000;
  }
  if (out) await finish(out);
  return { paths, series: seriesNames.size, samples, bytes };
}
