import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { median } from "./stats";

export interface ProgramEvaluation {
  readonly stack: string;
  readonly resources: number;
  readonly runs: number;
  /** Loading the program's modules (Pulumi SDK, providers, components). */
  readonly importMedianMs: number;
  /** Building the whole resource graph under mocks until every output resolved. */
  readonly constructMedianMs: number;
}

interface ChildResult {
  importMs: number;
  constructMs: number;
  resources: number;
}

/**
 * Benchmark 4: the engine-free part of `pulumi preview`, once per fresh process (Pulumi's runtime state
 * is process-global): import the program, then construct the stack from Pulumi.<stack>.yaml under mocks.
 */
export function measureProgramEvaluation(stack: "dev" | "prod", runs: number): ProgramEvaluation {
  const results: ChildResult[] = [];
  for (let i = 0; i < runs; i += 1) {
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", join(__dirname, "programEvaluation.child.ts"), stack],
      {
        encoding: "utf8",
        timeout: 120_000,
        cwd: join(__dirname, ".."),
      },
    );
    const line = child.stdout.trim().split("\n").at(-1) ?? "";
    if (child.status !== 0 || !line.startsWith("{")) {
      throw new Error(
        `program evaluation for ${stack} failed (${String(child.status)}): ${child.stderr.slice(-2000)}`,
      );
    }
    results.push(JSON.parse(line) as ChildResult);
  }
  return {
    stack,
    resources: results[0]?.resources ?? 0,
    runs,
    importMedianMs: median(results.map((r) => r.importMs)),
    constructMedianMs: median(results.map((r) => r.constructMs)),
  };
}
