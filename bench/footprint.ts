import { buildServiceSpecs } from "../components/catalog";
import { parseSettings } from "../settings";
import { PROJECT, readStackFile } from "./stackConfig";

export interface Footprint {
  readonly stack: string;
  readonly services: readonly { name: string; memoryMiB: number; cpus: number }[];
  readonly memoryLimitMiB: number;
  readonly cpuLimit: number;
}

/** Benchmark 5a: the summed memory and CPU limits of every service the stack runs, as rendered. */
export function measureFootprint(stack: string): Footprint {
  const { values, secretKeys } = readStackFile(stack);
  const settings = parseSettings({ project: PROJECT, stack, values, secretKeys: new Set(secretKeys) });
  const services = buildServiceSpecs(settings).map((spec) => ({
    name: spec.name,
    memoryMiB: spec.resources.memoryBytes / 2 ** 20,
    cpus: spec.resources.cpus,
  }));
  return {
    stack,
    services,
    memoryLimitMiB: services.reduce((total, s) => total + s.memoryMiB, 0),
    cpuLimit: Math.round(services.reduce((total, s) => total + s.cpus, 0) * 100) / 100,
  };
}
