import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { REPO_ROOT } from "../../harness/kubernetes";

/** `npm run render` as a user runs it: scripts/render.ts through tsx, in its own process. */
export function renderCli(args: readonly string[]): {
  status: number | null;
  stdout: string;
  stderr: string;
} {
  return spawnSync(
    join(REPO_ROOT, "node_modules/.bin/tsx"),
    [join(REPO_ROOT, "scripts/render.ts"), ...args],
    {
      encoding: "utf8",
      timeout: 60_000,
    },
  );
}

/** A maker of temporary directories that are removed once the calling file's tests are done. */
export function temporaryDirectories(): (prefix: string) => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  return (prefix) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}
