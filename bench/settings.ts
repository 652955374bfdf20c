import { type StackSettings } from "../settings";
import { testSettings } from "../harness/settings";

/**
 * Settings for the benchmarks: a dev (Docker) stack with the given simulated nodes. `overrides` are
 * stated where a benchmark uses them (e.g. a shorter scrape interval), never applied silently.
 */
export function benchSettings(
  nodes: Readonly<Record<string, string>>,
  network: string,
  overrides: Readonly<Record<string, unknown>> = {},
): StackSettings {
  return testSettings({
    xaiNodes: Object.entries(nodes).map(([name, address]) => ({ name, address, network })),
    ...overrides,
  });
}
