import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOG } from "../../metrics";
import { sloRecordingRules } from "../../rules/slos";
import { recordingRules } from "../../rules";
import { testSettings } from "../../harness/settings";

/**
 * The PromQL the operator docs tell people to run must be valid and must name only metrics this stack
 * collects (the catalog) or records (recording rules); otherwise the docs drift from the code unnoticed.
 */

const REPO_ROOT = join(__dirname, "..", "..");
const DOCS_WITH_PROMQL = ["docs/MONITORING_GUIDE.md", "docs/METRICS_INTEGRATION.md"];

interface SyntaxNodeRef {
  readonly name: string;
  readonly from: number;
  readonly type: { readonly isError: boolean };
  readonly node: { getChild(name: string): { readonly from: number; readonly to: number } | null };
}
interface PromQLParser {
  parse(input: string): { iterate(spec: { enter(node: SyntaxNodeRef): void }): void };
}
/** lezer-promql's typings are ESM-only; its CommonJS build is loaded by require. */
const { parser } = createRequire(__filename)("@prometheus-io/lezer-promql") as { parser: PromQLParser };

/** Each ```promql block, without its comment lines, as one query. */
function promqlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```promql\n([\s\S]*?)```/g)].map((match) =>
    (match[1] ?? "")
      .split("\n")
      .filter((line) => !line.trim().startsWith("#"))
      .join("\n")
      .trim(),
  );
}

function analyse(query: string): { errors: string[]; metrics: string[] } {
  const errors: string[] = [];
  const metrics: string[] = [];
  parser.parse(query).iterate({
    enter(node) {
      if (node.type.isError)
        errors.push(`syntax error at ${node.from}: ${query.slice(node.from, node.from + 30)}`);
      if (node.name === "VectorSelector") {
        const identifier = node.node.getChild("Identifier");
        if (identifier) metrics.push(query.slice(identifier.from, identifier.to));
      }
    },
  });
  return { errors, metrics };
}

const known = new Set<string>([
  ...CATALOG.keys(),
  ...recordingRules().map((rule) => rule.record),
  ...sloRecordingRules(testSettings()).map((rule) => rule.record),
]);

describe("analyse", () => {
  it("reports a syntax error and the metrics a query names", () => {
    expect(analyse("sum by (node) (rate(xai_blocks_total[5m])").errors.length).toBeGreaterThan(0);
    expect(analyse("rate(xai_blocks_total[5m]) / on (node) up").metrics).toEqual(["xai_blocks_total", "up"]);
  });
});

describe.each(DOCS_WITH_PROMQL)("%s", (file) => {
  const queries = promqlBlocks(readFileSync(join(REPO_ROOT, file), "utf8"));

  it("has PromQL examples", () => {
    expect(queries.length).toBeGreaterThan(0);
  });

  it.each(queries)("parses and names only known metrics: %s", (query) => {
    const { errors, metrics } = analyse(query);
    expect(errors).toEqual([]);
    expect(metrics.filter((name) => !known.has(name))).toEqual([]);
  });
});
