import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const REPO_ROOT = join(__dirname, "..", "..");

/** The paths the README's "Project layout" block lists, one per line that starts in the first column. */
function layoutPaths(readme: string): string[] {
  const section = readme.slice(readme.indexOf("## Project layout"));
  const block = /```\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  return block
    .split("\n")
    .filter((line) => /^\S/.test(line))
    .map((line) => line.split(/\s+/)[0] ?? "");
}

/** Whether a listed path exists; `<service>` stands for every service folder (one with a spec.ts). */
function exists(path: string): boolean {
  if (!path.includes("<service>")) return existsSync(join(REPO_ROOT, path));
  const [parent = ""] = path.split("<service>");
  return readdirSync(join(REPO_ROOT, parent)).some((entry) =>
    existsSync(join(REPO_ROOT, parent, entry, "spec.ts")),
  );
}

describe("the README's project layout", () => {
  const listed = layoutPaths(readFileSync(join(REPO_ROOT, "README.md"), "utf8"));

  it("lists only paths that exist", () => {
    expect(listed.length).toBeGreaterThan(10);
    expect(listed.filter((path) => !exists(path))).toEqual([]);
  });

  it("lists every top-level folder of the repository", () => {
    const tracked = execFileSync("git", ["ls-files"], { cwd: REPO_ROOT, encoding: "utf8" }).split("\n");
    const folders = new Set(
      tracked.filter((file) => file.includes("/") && !file.startsWith(".")).map((file) => file.split("/")[0]),
    );
    const unlisted = [...folders].filter(
      (folder) => !listed.some((path) => path.startsWith(`${folder ?? ""}/`)),
    );
    expect(unlisted).toEqual([]);
  });
});
