import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";
import { stringify } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { RENDER_MARKER, runRender } from "../../scripts/render";
import { REFUSED_CASES, WARNED_CASES, type RefusedCase } from "../support/badSettings";
import { runTool } from "../../harness/binaries";
import { renderCli, temporaryDirectories } from "../support/renderCli";

const REPO = resolve(__dirname, "../..");
const PROJECT = "xai-observability";
const STACK_TRACE = /^\s+at /m;

const tempDir = temporaryDirectories();

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Objects merge key by key; anything else (lists included) replaces. */
function deepMerge(
  base: Record<string, unknown>,
  over: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = merged[key];
    merged[key] = isRecord(current) && isRecord(value) ? deepMerge(current, value) : value;
  }
  return merged;
}

function stackFileText(target: "docker" | "kubernetes", settings: Readonly<Record<string, unknown>>): string {
  const values = deepMerge({ target }, settings);
  return stringify({
    config: Object.fromEntries(Object.entries(values).map(([key, value]) => [`${PROJECT}:${key}`, value])),
  });
}

/** A project folder holding Pulumi.yaml and Pulumi.case.yaml. */
function projectFor(
  stackFile: string,
  projectFile: string | null = readFileSync(join(REPO, "Pulumi.yaml"), "utf8"),
): string {
  const dir = tempDir("corpus-project-");
  if (projectFile !== null) writeFileSync(join(dir, "Pulumi.yaml"), projectFile);
  writeFileSync(join(dir, "Pulumi.case.yaml"), stackFile);
  return dir;
}

/** Renders one stack file, given as settings for a target, into `out` through the CLI's own function. */
function renderStack(
  out: string,
  target: "docker" | "kubernetes",
  settings: Readonly<Record<string, unknown>>,
): ReturnType<typeof runRender> {
  return runRender([
    "--stack",
    "case",
    "--out",
    out,
    "--project",
    projectFor(stackFileText(target, settings)),
  ]);
}

/** Every file under `dir` with its hash: equal snapshots mean nothing was written, moved or removed. */
function snapshot(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  if (!statSync(path).isDirectory())
    return { ".": createHash("sha256").update(readFileSync(path)).digest("hex") };
  const entries: Record<string, string> = {};
  const walk = (dir: string, prefix: string): void => {
    for (const entry of readdirSync(dir)) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full, `${prefix}${entry}/`);
      else entries[`${prefix}${entry}`] = createHash("sha256").update(readFileSync(full)).digest("hex");
    }
  };
  walk(path, "");
  return entries;
}

function caseStackFile(testCase: RefusedCase): string {
  return testCase.stackFile ?? stackFileText(testCase.target ?? "docker", testCase.settings ?? {});
}

describe("hostile settings corpus (in-process, through runRender)", () => {
  let renderedOut: string;
  let foreignOut: string;
  let fileOut: string;

  beforeAll(() => {
    // An output folder render wrote earlier: a refused run must leave it exactly as it was.
    renderedOut = join(tempDir("corpus-out-"), "rendered");
    const first = renderStack(renderedOut, "docker", {});
    expect(first.exitCode, first.stderr).toBe(0);
    foreignOut = tempDir("corpus-foreign-");
    mkdirSync(join(foreignOut, "prometheus"));
    writeFileSync(join(foreignOut, "prometheus", "keep.yml"), "mine: true\n");
    fileOut = join(tempDir("corpus-file-"), "out.txt");
    writeFileSync(fileOut, "not a folder\n");
  }, 60_000);

  it("holds at least 150 refused cases", () => {
    expect(REFUSED_CASES.length).toBeGreaterThanOrEqual(150);
    expect(new Set(REFUSED_CASES.map((testCase) => `${testCase.group}/${testCase.title}`)).size).toBe(
      REFUSED_CASES.length,
    );
  });

  it.each(REFUSED_CASES.map((testCase) => [`${testCase.group}: ${testCase.title}`, testCase] as const))(
    "refuses %s",
    (_title, testCase) => {
      const out = testCase.out === "foreign" ? foreignOut : testCase.out === "file" ? fileOut : renderedOut;
      const before = snapshot(out);
      const project = projectFor(caseStackFile(testCase), testCase.projectFile);
      const result = runRender(["--stack", "case", "--out", out, "--project", project]);
      expect(result.exitCode, result.stderr).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain(testCase.key);
      expect(result.stderr).toContain(testCase.expected);
      expect(result.stderr).not.toMatch(STACK_TRACE);
      if (testCase.hidden !== undefined) expect(result.stderr).not.toContain(testCase.hidden);
      expect(snapshot(out)).toEqual(before);
      expect(readdirSync(resolve(out, "..")).filter((entry) => entry.includes(".rendering-"))).toEqual([]);
    },
  );

  it.each(WARNED_CASES.map((testCase) => [testCase.title, testCase] as const))(
    "renders but warns: %s",
    (_title, testCase) => {
      const out = join(tempDir("corpus-warn-"), "out");
      const result = renderStack(out, testCase.target ?? "docker", testCase.settings);
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stderr).toContain(testCase.warning);
      expect(result.stderr.split("\n").find((line) => line.includes(testCase.warning))).toMatch(/^warning: /);
      expect(existsSync(join(out, RENDER_MARKER))).toBe(true);
    },
    60_000,
  );

  it("prints no bind-address or ignored-settings warning for the defaults", () => {
    const out = join(tempDir("corpus-quiet-"), "out");
    const result = renderStack(out, "docker", { alerting: { digestVia: "slack" } });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).not.toContain("bindAddress");
    expect(result.stderr).not.toContain("apply to the");
  });
});

describe("valid edge cases stay accepted", () => {
  const accepted: [string, "docker" | "kubernetes", Record<string, unknown>][] = [
    [
      "an IPv6 node address [::1]:8000",
      "docker",
      { xaiNodes: [{ name: "xai-node-1", address: "[::1]:8000" }] },
    ],
    [
      "1000 nodes",
      "docker",
      {
        xaiNodes: Array.from({ length: 1000 }, (_, index) => ({
          name: `xai-node-${String(index)}`,
          address: `10.0.${String(Math.floor(index / 250))}.${String((index % 250) + 1)}:8000`,
        })),
      },
    ],
    ["expectedVersion 1.10 as written", "docker", { expectedVersion: "1.10" }],
    ["environment 2024", "docker", { environment: "2024" }],
    [
      "every duration unit in order",
      "docker",
      { scrapeInterval: "1m30s", retention: { prometheusTime: "1y2w3d" } },
    ],
    [
      "RE2-only regex syntax",
      "kubernetes",
      {
        kubernetes: {
          prometheus: {
            remoteWrite: [
              {
                name: "m",
                url: "https://m.example.org/push",
                keepMetricsRegex: "(?i)xai_\\Q.\\E[[:alpha:]]+\\z|(?P<n>up)",
              },
            ],
          },
        },
      },
    ],
    ["a partial xaiPods section", "kubernetes", { kubernetes: { xaiPods: { namespaces: ["xai"] } } }],
    [
      "grafanaUrl over http to localhost",
      "kubernetes",
      { kubernetes: { grafanaUrl: "http://127.0.0.1:3000" } },
    ],
  ];

  it.each(accepted)(
    "accepts %s",
    (_title, target, settings) => {
      const out = join(tempDir("corpus-ok-"), "out");
      const result = renderStack(out, target, settings);
      expect(result.exitCode, result.stderr).toBe(0);
    },
    120_000,
  );

  it("keeps label values with quotes, braces and newlines literal, and promtool accepts the config", () => {
    const value = 'say "hi" {{ .Value }}\nsecond line';
    const out = join(tempDir("corpus-labels-"), "out");
    const result = renderStack(out, "docker", {
      xaiNodes: [{ name: "xai-node-1", address: "10.0.0.5:8000", labels: { note: value } }],
    });
    expect(result.exitCode, result.stderr).toBe(0);
    const check = runTool("promtool", ["check", "config", "--syntax-only", "prometheus.yml"], {
      cwd: join(out, "prometheus"),
    });
    expect(check.status, check.stderr + check.stdout).toBe(0);
    expect(readFileSync(join(out, "prometheus", "prometheus.yml"), "utf8")).toContain("{{ .Value }}");
  });

  it("renders the richest accepted version and runbook URL into rule files promtool accepts, literally", () => {
    const out = join(tempDir("corpus-rules-"), "out");
    const version = "v2.3.1-rc1+build_5";
    const runbooks = "https://wiki.example.org/runbooks%7B%7B.Value%7D%7D";
    const result = renderStack(out, "docker", { expectedVersion: version, runbookBaseUrl: runbooks });
    expect(result.exitCode, result.stderr).toBe(0);
    const rulesDir = join(out, "prometheus", "rules");
    const ruleFiles = readdirSync(rulesDir).map((file) => join(rulesDir, file));
    const check = runTool("promtool", ["check", "rules", ...ruleFiles]);
    expect(check.status, check.stderr + check.stdout).toBe(0);
    const allRules = ruleFiles.map((file) => readFileSync(file, "utf8")).join("\n");
    expect(allRules).toContain(version);
    expect(allRules).toContain(`${runbooks}/NodeDown.md`);
  });

  it("replaces its own earlier output, and nothing else", () => {
    const out = join(tempDir("corpus-again-"), "out");
    const project = projectFor(stackFileText("docker", {}));
    expect(runRender(["--stack", "case", "--out", out, "--project", project]).exitCode).toBe(0);
    writeFileSync(join(out, "stale.txt"), "from an older render\n");
    expect(runRender(["--stack", "case", "--out", out, "--project", project]).exitCode).toBe(0);
    expect(existsSync(join(out, "stale.txt"))).toBe(false);
    expect(existsSync(join(out, RENDER_MARKER))).toBe(true);
    const empty = tempDir("corpus-empty-");
    expect(runRender(["--stack", "case", "--out", empty, "--project", project]).exitCode).toBe(0);
  });
});

describe("a few cases through the real CLI", () => {
  const picks = ["Pulumi.case.yaml", "xaiNodes[0].labels.job", "--out"];

  it.each(picks)(
    "prints one error naming %s, exits 1, writes nothing",
    (key) => {
      const testCase = REFUSED_CASES.find((candidate) => candidate.key === key);
      if (testCase === undefined) throw new Error(`no corpus case for ${key}`);
      const foreign = tempDir("corpus-cli-");
      writeFileSync(join(foreign, "keep.txt"), "mine\n");
      const out = testCase.out === "foreign" ? foreign : join(foreign, "never");
      const before = snapshot(foreign);
      const project = projectFor(caseStackFile(testCase), testCase.projectFile);
      copyFileSync(join(REPO, "Pulumi.yaml"), join(project, "Pulumi.yaml"));
      const result = renderCli(["--stack", "case", "--out", out, "--project", project]);
      expect(result.status, result.stderr).toBe(1);
      expect(result.stderr).toContain(testCase.key);
      expect(result.stderr).toContain(testCase.expected);
      expect(result.stderr).not.toMatch(STACK_TRACE);
      expect(snapshot(foreign)).toEqual(before);
    },
    90_000,
  );
});
