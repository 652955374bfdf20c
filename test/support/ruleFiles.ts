import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { RenderedFile } from "../../rules/rendered";

/** Writes rendered files into a fresh temporary directory; returns it and a cleanup. */
export function writeToTempDir(files: readonly RenderedFile[]): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "xai-rules-"));
  for (const file of files) {
    const path = join(dir, file.relativePath);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
  return {
    dir,
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
