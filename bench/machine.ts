import { spawnSync } from "node:child_process";
import { cpus, totalmem, type as osType, release } from "node:os";
import { binaryPath } from "../harness/binaries";

export interface Machine {
  readonly cpuModel: string;
  readonly cpus: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly prometheus: string;
  readonly alertmanager: string;
  readonly takenAt: string;
}

function firstLine(binary: string): string {
  const result = spawnSync(binary, ["--version"], { encoding: "utf8" });
  return `${result.stdout}${result.stderr}`.split("\n")[0]?.trim() ?? "unknown";
}

/** What the figures were measured on; benchmarks are only comparable on the same machine. */
export function describeMachine(): Machine {
  const processors = cpus();
  return {
    cpuModel: processors[0]?.model.trim() ?? "unknown",
    cpus: processors.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${osType()} ${release()}`,
    node: process.version,
    prometheus: firstLine(binaryPath("prometheus")),
    alertmanager: firstLine(binaryPath("alertmanager")),
    takenAt: new Date().toISOString(),
  };
}
