import { execFile } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, matchesGlob, relative, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../harness/kubernetes";

const run = promisify(execFile);

/** Files under `dir` (repo-relative, with forward slashes) whose names end with `suffix`. */
function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(join(REPO_ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(suffix))
    .map((name) => `${dir}/${name.split("\\").join("/")}`)
    .sort();
}

const TEST_FILES = filesUnder("test", ".test.ts");
const isLive = (file: string): boolean => file.endsWith(".live.test.ts");

describe("dependency-cruiser's import rules (.dependency-cruiser.cjs)", () => {
  const scratch = mkdtempSync(join(tmpdir(), "xai-depcruise-"));
  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  /** Cruises a tree of the given files with the repository's rules; exit code and report. */
  async function cruise(files: Readonly<Record<string, string>>): Promise<{ code: number; report: string }> {
    const root = mkdtempSync(join(scratch, "tree-"));
    // The config names tsConfig by relative path; depcruise refuses to run without one.
    const tree = {
      "tsconfig.json": '{ "compilerOptions": { "module": "node16", "strict": true } }',
      ...files,
    };
    for (const [path, content] of Object.entries(tree)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    const args = ["--config", join(REPO_ROOT, ".dependency-cruiser.cjs"), "settings", "rules", "dashboards"];
    const depcruise = join(REPO_ROOT, "node_modules/.bin/depcruise");
    try {
      const { stdout } = await run(depcruise, args, { cwd: root, timeout: 30_000 });
      return { code: 0, report: stdout };
    } catch (error) {
      const failed = error as { code?: unknown; stdout?: string; stderr?: string };
      if (typeof failed.code !== "number") throw error;
      return { code: failed.code, report: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
    }
  }

  const LAYERED = {
    "settings/a.ts": "export const a = 1;\n",
    "rules/b.ts": 'import { a } from "../settings/a";\nexport const b = a + 1;\n',
    "dashboards/d.ts": "export const d = 3;\n",
  };

  it("passes a tree that imports only down the layers", async () => {
    const { code, report } = await cruise(LAYERED);
    expect(report).toContain("no dependency violations found");
    expect(code).toBe(0);
  });

  it("fails an import up the layers that closes a cycle, naming both rules", async () => {
    const { code, report } = await cruise({
      ...LAYERED,
      "settings/a.ts":
        'import { b } from "../rules/b";\nexport const a = 1;\nexport const twice = (): number => 2 * b;\n',
    });
    expect(code).not.toBe(0);
    expect(report).toContain("error settings-imports-only-earlier-layers: settings/a.ts → rules/b.ts");
    expect(report).toContain("error no-circular");
  });

  it("fails an import up the layers without a cycle", async () => {
    const { code, report } = await cruise({
      ...LAYERED,
      "settings/a.ts": 'import { d } from "../dashboards/d";\nexport const a = d;\n',
    });
    expect(code).not.toBe(0);
    expect(report).toContain("error settings-imports-only-earlier-layers: settings/a.ts → dashboards/d.ts");
    expect(report).not.toContain("no-circular");
  });

  it("fails a cycle inside one layer", async () => {
    const { code, report } = await cruise({
      ...LAYERED,
      "rules/c.ts": 'import { b } from "./b";\nexport const c = b;\n',
      "rules/b.ts":
        'import { a } from "../settings/a";\nimport { c } from "./c";\nexport const b = a + 1;\nexport const e = (): number => c;\n',
    });
    expect(code).not.toBe(0);
    expect(report).toContain("error no-circular");
    expect(report).not.toContain("imports-only-earlier-layers");
  });
});

describe("test files mirror the source tree", () => {
  /** Tests of the repository as a whole (docs, workflows, runbooks, structure), and of harness/. */
  const UNMIRRORED = ["test/project/", "test/harness/"];

  /** test/<path>/<stem>[.<aspect>][.live].test.ts → the source files it may mirror. */
  function mirrorCandidates(testFile: string): string[] {
    const path = testFile.slice("test/".length, -".test.ts".length).replace(/\.live$/, "");
    const stemPath = join(dirname(path), (path.split("/").pop() ?? path).split(".")[0] ?? path);
    return [`${stemPath}.ts`, `${stemPath}/index.ts`, `${stemPath}.mts`];
  }

  it("finds the test files to check", () => {
    expect(TEST_FILES).toContain("test/components/platform/kubernetes/pod.test.ts");
    expect(TEST_FILES.filter(isLive).length).toBeGreaterThan(5);
  });

  it("resolves names with an aspect and a live marker to their source", () => {
    expect(mirrorCandidates("test/components/platform/kubernetes.secretRotation.test.ts")).toContain(
      "components/platform/kubernetes.ts",
    );
    expect(mirrorCandidates("test/rules/index.overrides.live.test.ts")).toContain("rules/index.ts");
    expect(mirrorCandidates("test/index.test.ts")).toContain("index.ts");
  });

  it("has a source file for every test outside test/project/ and test/harness/", () => {
    const orphans = TEST_FILES.filter((file) => !UNMIRRORED.some((dir) => file.startsWith(dir))).filter(
      (file) => !mirrorCandidates(file).some((candidate) => existsSync(join(REPO_ROOT, candidate))),
    );
    expect(orphans).toEqual([]);
  });
});

describe("tests that run real processes are live tests", () => {
  /** harness/ modules that start binaries or servers; only the live project may load them. */
  const PROCESS_MODULES = ["binaries", "processes", "localStack", "haCluster", "alertmanager", "haproxy"].map(
    (name) => `harness/${name}.ts`,
  );

  /** Repo-relative .ts files a file imports by relative path. */
  function localImports(file: string): string[] {
    const source = readFileSync(join(REPO_ROOT, file), "utf8");
    const specifiers = [...source.matchAll(/(?:from|import)\s+"(\.{1,2}\/[^"]+)"/g)].map(
      (match) => match[1] ?? "",
    );
    return specifiers.flatMap((specifier) => {
      const target = relative(REPO_ROOT, resolve(REPO_ROOT, dirname(file), specifier));
      return [`${target}.ts`, `${target}/index.ts`].filter((candidate) =>
        existsSync(join(REPO_ROOT, candidate)),
      );
    });
  }

  /** The process modules `file` loads, directly or through test/support/ and harness/. */
  function processModulesLoadedBy(file: string): string[] {
    const seen = new Set<string>();
    const pending = [file];
    while (pending.length > 0) {
      const next = pending.pop() ?? "";
      for (const target of localImports(next)) {
        if (seen.has(target)) continue;
        seen.add(target);
        if (target.startsWith("test/support/") || target.startsWith("harness/")) pending.push(target);
      }
    }
    return PROCESS_MODULES.filter((module) => seen.has(module));
  }

  it("sees a live test's use of the process harness (so the check below can fail)", () => {
    expect(processModulesLoadedBy("test/components/alertmanager/config.live.test.ts")).toContain(
      "harness/alertmanager.ts",
    );
  });

  it("names every test file that loads the process harness *.live.test.ts", () => {
    const unitTestsStartingProcesses = TEST_FILES.filter((file) => !isLive(file)).flatMap((file) =>
      processModulesLoadedBy(file).map((module) => `${file} → ${module}`),
    );
    expect(unitTestsStartingProcesses).toEqual([]);
  });

  it("keeps *.live.test.ts out of the unit project and in the live one (vitest.config.mts)", () => {
    const config = readFileSync(join(REPO_ROOT, "vitest.config.mts"), "utf8");
    const liveGlob = /const LIVE_TESTS = "([^"]+)"/.exec(config)?.[1];
    expect(liveGlob).toBe("test/**/*.live.test.ts");
    expect(config).toContain('name: "unit", include: ["test/**/*.test.ts"], exclude: [LIVE_TESTS]');
    expect(config).toContain('name: "live", include: [LIVE_TESTS]');
    const glob = liveGlob ?? "";
    for (const file of TEST_FILES) expect(matchesGlob(file, glob), file).toBe(isLive(file));
  });
});
