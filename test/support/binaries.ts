import { spawnSync } from "node:child_process";

export interface ToolResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a real upstream tool (promtool, amtool, ...) from Debian's packages, which .ci/run installs.
 * A missing binary is a failure, never a skip: these checks are the point of the tests.
 */
export function runTool(
  binary: string,
  args: readonly string[],
  options: { cwd?: string; input?: string; timeoutMs?: number } = {},
): ToolResult {
  const result = spawnSync(binary, args, {
    cwd: options.cwd,
    input: options.input,
    encoding: "utf8",
    timeout: options.timeoutMs ?? 60_000,
  });
  if (result.error) {
    throw new Error(`could not run ${binary}: ${result.error.message} (is it installed? see .ci/run)`);
  }
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
