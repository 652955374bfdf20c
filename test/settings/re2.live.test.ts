import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { re2Problem } from "../../settings/re2";
import { runTool } from "../../harness/binaries";

/** Patterns on both sides of the RE2/JavaScript divide; promtool (Go's RE2) is the judge. */
const PATTERNS = [
  "xai_.*|up",
  "(?i)xai_node_.*",
  "(?i:xai)_.*",
  "(?P<name>xai)_.*",
  "(?<name>xai)_.*",
  "xai_\\Q.*\\E",
  "[[:alpha:]]+_total",
  "\\pL+",
  "\\x{41}",
  "a{2,1000}",
  "\\d+\\z",
  "[]a]",
  "a*?",
  "xai_(?=node).*",
  "xai_(?!node).*",
  "(?<=x)y",
  "(?<!x)y",
  "(a)\\1",
  "a*+",
  "a**",
  "(?>a)",
  "\\u0041",
  "\\cA",
  "a{1001}",
  "(",
  "a)",
  "[a",
  "*a",
  "\\Z",
];

const dir = mkdtempSync(join(tmpdir(), "re2-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function promtoolAccepts(pattern: string): boolean {
  const config = {
    scrape_configs: [
      {
        job_name: "probe",
        static_configs: [{ targets: ["localhost:9090"] }],
        metric_relabel_configs: [{ source_labels: ["__name__"], regex: pattern, action: "keep" }],
      },
    ],
  };
  writeFileSync(join(dir, "prometheus.yml"), stringify(config));
  return (
    runTool("promtool", ["check", "config", "--syntax-only", "prometheus.yml"], { cwd: dir }).status === 0
  );
}

describe("re2Problem agrees with Prometheus' own regex parser", () => {
  it.each(PATTERNS)("%s", (pattern) => {
    const problem = re2Problem(pattern);
    expect(problem === undefined, problem ?? "accepted").toBe(promtoolAccepts(pattern));
  });

  it("refuses some patterns and accepts others, so the comparison is not one-sided", () => {
    const verdicts = PATTERNS.map((pattern) => re2Problem(pattern) === undefined);
    expect(verdicts).toContain(true);
    expect(verdicts).toContain(false);
  });
});
