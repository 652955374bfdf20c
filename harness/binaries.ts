import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

/** The upstream tools the tests run on; tools/upstream/install.sh puts them in `.upstream/bin`. */
export type UpstreamTool = "prometheus" | "promtool" | "alertmanager" | "amtool" | "node_exporter";

const PROJECT_ROOT = resolve(__dirname, "..");

/**
 * Where the upstream binaries live. `XAI_UPSTREAM_BIN` overrides the folder (for example to try another
 * build); otherwise the project-local `.upstream/bin`. There is no fallback to the system's `/usr/bin`:
 * Debian 12's builds are a major version behind what the stack deploys, and a proof on them does not count.
 */
export function upstreamBinDir(): string {
  const override = process.env.XAI_UPSTREAM_BIN;
  return override !== undefined && override !== ""
    ? resolve(override)
    : join(PROJECT_ROOT, ".upstream", "bin");
}

/** The absolute path of an upstream tool. A missing binary is a failure, never a skip. */
export function binaryPath(tool: UpstreamTool): string {
  const path = join(upstreamBinDir(), tool);
  if (!existsSync(path)) {
    throw new Error(`${tool} is not installed at ${path}: run tools/upstream/install.sh (.ci/run does)`);
  }
  return path;
}

export interface ToolResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a real upstream tool (promtool, amtool, ...) and returns its exit status and output. */
export function runTool(
  tool: UpstreamTool,
  args: readonly string[],
  options: { cwd?: string; input?: string; timeoutMs?: number } = {},
): ToolResult {
  const binary = binaryPath(tool);
  const result = spawnSync(binary, args, {
    cwd: options.cwd,
    input: options.input,
    encoding: "utf8",
    timeout: options.timeoutMs ?? 60_000,
  });
  if (result.error) throw new Error(`could not run ${binary}: ${result.error.message}`);
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** The upstream version a binary reports, e.g. "3.5.3" from "prometheus, version 3.5.3+ds1 (...)". */
export function binaryVersion(tool: UpstreamTool): string {
  const result = runTool(tool, ["--version"]);
  const match = /version (\d+\.\d+\.\d+)/.exec(`${result.stdout}\n${result.stderr}`);
  if (match?.[1] === undefined) throw new Error(`${tool} --version printed no version: ${result.stdout}`);
  return match[1];
}
