import { describe, expect, it } from "vitest";
import { inlineRecordingRules, recordingRulesOf } from "../../bench/inline";
import { DASHBOARD_UIDS, buildDashboards } from "../../dashboards";
import { renderRuleFiles } from "../../rules/render";
import { dashboardQueries, substitute } from "../e2e/dashboardQueries";
import { promqlParser } from "../rules/promqlParser";
import { testSettings } from "../support/settings";

/**
 * The fleet benchmark compares each dashboard with its naive form: the same panels with every recording
 * rule replaced by the raw-metric expression it records. These checks keep that comparison honest.
 */

const rules = recordingRulesOf(renderRuleFiles(testSettings()));
const ruleNames = new Set(rules.map((rule) => rule.record));
const time = { rangeSeconds: 86_400, scrapeSeconds: 15 };
const allNodes = { network: ".*", node: ".*" };

// The SLO dashboard has no naive form (its rules are windows summed from windows with offsets); the
// fleet benchmark skips it and bench/slo.ts measures it live.
const queries = buildDashboards()
  .filter((model) => model.uid !== DASHBOARD_UIDS.slo)
  .flatMap((model) => {
    const board = dashboardQueries(model);
    return board.queries.map((query) => {
      const recorded = substitute(query.expr, allNodes, time);
      return { where: `${board.title} / ${query.panel} [${query.refId}]`, recorded };
    });
  });

function selectorNames(expr: string): { names: string[]; errors: number } {
  const names: string[] = [];
  let errors = 0;
  promqlParser.parse(expr).iterate({
    enter(node) {
      if (node.type.isError) errors += 1;
      if (node.name === "VectorSelector") {
        const identifier = node.node.getChild("Identifier");
        if (identifier) names.push(expr.slice(identifier.from, identifier.to));
      }
    },
  });
  return { names, errors };
}

describe("the benchmark's naive dashboards", () => {
  it("compute every panel from raw series only, as valid PromQL", () => {
    for (const { where, recorded } of queries) {
      const { names, errors } = selectorNames(inlineRecordingRules(recorded, rules));
      expect(errors, where).toBe(0);
      expect(
        names.filter((name) => ruleNames.has(name)),
        where,
      ).toEqual([]);
    }
  });

  it("differ from the rendered panels exactly where those read recording rules", () => {
    const readingRules = queries.filter(({ recorded }) =>
      selectorNames(recorded).names.some((name) => ruleNames.has(name)),
    );
    // TPS, TPS by status, block rate, the 5m transaction count and six latency quantiles.
    expect(readingRules.length).toBeGreaterThanOrEqual(10);
    for (const { where, recorded } of queries) {
      const changed = inlineRecordingRules(recorded, rules) !== recorded;
      expect(changed, where).toBe(readingRules.some((query) => query.recorded === recorded));
    }
  });

  it("rate the raw histogram buckets for the quantile panels", () => {
    const quantiles = queries.filter(({ recorded }) => recorded.includes("histogram_quantile"));
    expect(quantiles.length).toBeGreaterThan(0);
    for (const { where, recorded } of quantiles) {
      expect(inlineRecordingRules(recorded, rules), where).toMatch(
        /histogram_quantile\([\d.]+, sum by \(le\) \(\(sum by \(le, node, network\) \(rate\(xai_\w+_bucket\{job="xai-node"\}\[\d+m\]\)\)\)\)\)/,
      );
    }
  });
});
