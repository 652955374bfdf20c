import type { SyntaxNode } from "@lezer/common";
import { describe, expect, it } from "vitest";
import { CATALOG, isCounterSeries } from "../../metrics";
import { alertDefinitions, recordingRules } from "../../rules";
import { SLO_NAMES, SLO_RECORDED, sloRecordingRules } from "../../rules/slos";
import { fractionAbove, gauge, histogramQuantile, rate, selector } from "../../rules/promql";
import { promqlParser } from "../support/promqlParser";
import { testSettings } from "../../harness/settings";

interface Expression {
  readonly rule: string;
  readonly expr: string;
}

const recording = [...recordingRules(), ...sloRecordingRules(testSettings())];
const recordedNames = new Set<string>(recording.map((rule) => rule.record));
// NodeUpgradeRequired has two forms: against expectedVersion, or against the fleet's majority version.
const withExpectedVersion = alertDefinitions(testSettings({ expectedVersion: "1.2.0" })).filter(
  (alert) => alert.name === "NodeUpgradeRequired",
);
const expressions: Expression[] = [
  ...recording.map((rule) => ({ rule: rule.record, expr: rule.expr })),
  ...[...alertDefinitions(testSettings()), ...withExpectedVersion].map((alert) => ({
    rule: alert.name,
    expr: alert.expr,
  })),
];

/** Every node of a parsed expression, depth first. */
function nodesOf(expr: string): { node: SyntaxNode; text: (node: SyntaxNode) => string }[] {
  const tree = promqlParser.parse(expr);
  const found: SyntaxNode[] = [];
  const cursor = tree.cursor();
  do found.push(cursor.node);
  while (cursor.next());
  const text = (node: SyntaxNode): string => expr.slice(node.from, node.to);
  return found.map((node) => ({ node, text }));
}

function metricNames(expr: string): string[] {
  return nodesOf(expr)
    .filter(({ node }) => node.name === "VectorSelector")
    .map(({ node, text }) => {
      const identifier = node.getChild("Identifier");
      return identifier ? text(identifier) : "";
    });
}

/** [function, metric of its range-vector argument] for every function applied to a range selector. */
function rangeFunctionCalls(expr: string): [string, string][] {
  return nodesOf(expr)
    .filter(({ node }) => node.name === "FunctionCall")
    .flatMap(({ node, text }): [string, string][] => {
      const name = text(node.getChild("FunctionIdentifier")!);
      const matrix = node.getChild("FunctionCallBody")?.getChild("MatrixSelector");
      const identifier = matrix?.getChild("VectorSelector")?.getChild("Identifier");
      return identifier ? [[name, text(identifier)]] : [];
    });
}

describe("rule expressions", () => {
  it("all parse without errors", () => {
    const broken = expressions.filter(({ expr }) => nodesOf(expr).some(({ node }) => node.type.isError));
    expect(broken).toStrictEqual([]);
  });

  it("name only catalog series or recording rules defined here", () => {
    const unknown = expressions.flatMap(({ rule, expr }) =>
      metricNames(expr)
        .filter((name) => !CATALOG.has(name) && !recordedNames.has(name))
        .map((name) => `${rule}: ${name}`),
    );
    expect(unknown).toStrictEqual([]);
    // The walk really finds names: every expression but the Watchdog's vector(1) and the SLO constants
    // (objective and window, one per SLO) selects something.
    const empty = expressions.filter(({ expr }) => metricNames(expr).length === 0).map(({ rule }) => rule);
    const constants = [SLO_RECORDED.objective, SLO_RECORDED.windowDays];
    expect(empty.filter((rule) => !constants.some((name) => name === rule))).toStrictEqual(["Watchdog"]);
    expect(empty.filter((rule) => rule === SLO_RECORDED.objective)).toHaveLength(SLO_NAMES.length);
  });

  it("use rate/increase/irate only on counters, and gauge range functions only on gauges", () => {
    const counterFunctions = new Set(["rate", "increase", "irate"]);
    const misuse = expressions.flatMap(({ rule, expr }) =>
      rangeFunctionCalls(expr)
        .filter(([fn, metric]) => counterFunctions.has(fn) !== isCounterSeries(metric))
        .map(([fn, metric]) => `${rule}: ${fn}(${metric})`),
    );
    expect(misuse).toStrictEqual([]);
    expect(expressions.some(({ expr }) => rangeFunctionCalls(expr).some(([fn]) => fn === "deriv"))).toBe(
      true,
    );
  });

  it("apply histogram_quantile to sums that keep le", () => {
    const quantiles = expressions.flatMap(({ rule, expr }) =>
      nodesOf(expr)
        .filter(
          ({ node, text }) =>
            node.name === "FunctionCall" &&
            text(node.getChild("FunctionIdentifier")!) === "histogram_quantile",
        )
        .map(({ node, text }) => {
          const aggregate = node.getChild("FunctionCallBody")?.getChild("AggregateExpr");
          const grouping = aggregate?.getChild("AggregateModifier");
          return {
            rule,
            op: aggregate ? text(aggregate.getChild("AggregateOp")!) : "",
            by: grouping?.getChild("By")
              ? grouping.getChild("GroupingLabels")!.getChildren("LabelName").map(text)
              : [],
          };
        }),
    );
    expect(quantiles.length).toBeGreaterThan(0);
    expect(quantiles.filter(({ op, by }) => op !== "sum" || !by.includes("le"))).toStrictEqual([]);
  });

  it("select XAI series from the xai-node job only", () => {
    const withoutJob = expressions.flatMap(({ rule, expr }) =>
      nodesOf(expr)
        .filter(({ node, text }) => {
          if (node.name !== "VectorSelector") return false;
          const name = text(node.getChild("Identifier")!);
          return name.startsWith("xai_") && !text(node).includes('job="xai-node"');
        })
        .map(({ node, text }) => `${rule}: ${text(node)}`),
    );
    expect(withoutJob).toStrictEqual([]);
  });

  it("name recording rules level:metric:operations and only use rules recorded before them", () => {
    const seen = new Set<string>();
    for (const rule of recording) {
      expect(rule.record).toMatch(/^[a-z_]+:[a-z0-9_]+:[a-z0-9_]+$/);
      for (const name of metricNames(rule.expr)) {
        if (recordedNames.has(name))
          expect(seen.has(name), `${rule.record} uses ${name} before it is recorded`).toBe(true);
      }
      seen.add(rule.record);
    }
  });
});

describe("typed PromQL helpers", () => {
  it("reject names outside the catalog, rate on gauges and made-up bucket bounds at compile time", () => {
    // Each line below must fail to type-check; `tsc` reports an unused @ts-expect-error if one ever compiles.
    // @ts-expect-error a misspelt metric name
    const typo = selector("xai_blocks_totl");
    // @ts-expect-error rate() takes counters only
    const gaugeRate = rate("xai_block_height", "5m");
    // @ts-expect-error gauge() takes gauges only
    const counterAsGauge = gauge("xai_blocks_total");
    // @ts-expect-error 11 is not a bucket bound of the fee histogram
    const noSuchBound = fractionAbove("xai_transaction_fee_xai", 11, "15m");
    // @ts-expect-error histogram_quantile needs a histogram family
    const notHistogram = histogramQuantile(0.95, "xai_peers_connected", "5m");
    // At runtime the helpers just build text; the point is the compile-time rejection above.
    expect(
      [typo, gaugeRate, counterAsGauge, noSuchBound, notHistogram].every((text) => text.length > 0),
    ).toBe(true);
  });

  it("add the owning job to catalog selectors and keep recording rules bare", () => {
    expect(selector("xai_peers_connected")).toBe('xai_peers_connected{job="xai-node"}');
    expect(selector("node_load1")).toBe('node_load1{job="node-exporter"}');
    expect(selector("up", { job: { not: "xai-node" } })).toBe('up{job!="xai-node"}');
    expect(selector("node:xai_blocks:rate5m")).toBe("node:xai_blocks:rate5m");
  });
});
