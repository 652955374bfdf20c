import { describe, expect, it } from "vitest";
import { panelRequest } from "../../bench/fleetQueries";
import { inlineRecordingRules, recordingRulesOf } from "../../bench/inline";
import { DASHBOARD_UIDS, buildDashboards } from "../../dashboards";
import { renderRuleFiles } from "../../rules/render";
import { dashboardQueries, substitute } from "../../harness/dashboardQueries";
import { promqlParser } from "../support/promqlParser";
import { testSettings } from "../../harness/settings";

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
      // At All the per-network side is read and the per-node side selects nothing (an empty vector).
      expect(inlineRecordingRules(recorded, rules), where).toMatch(
        /^histogram_quantile\([\d.]+, sum by \(le\) \(\(sum by \(le, network\) \(\(sum by \(le, node, network\) \(rate\(xai_\w+_bucket\{job="xai-node"\}\[\d+m\]\)\)\)\)\) or \(vector\(1\) == 0\)\)\)$/,
      );
    }
  });
});

describe("the benchmark's dashboard loads", () => {
  const context = {
    start: 0,
    end: 86_400,
    time: { rangeSeconds: 86_400, scrapeSeconds: 15, maxDataPoints: 1000 },
    values: allNodes,
    rules,
  };
  const boards = buildDashboards()
    .filter((model) => model.uid !== DASHBOARD_UIDS.slo)
    .map((model) => dashboardQueries(model));
  const all = boards.flatMap((board) => board.queries);

  it("send each panel's query as the panel says: instant where it shows one value, else at its own step", () => {
    const instant = all.filter((query) => query.instant);
    expect(instant.length).toBeGreaterThanOrEqual(15);
    for (const query of all) {
      const request = panelRequest(query, "recorded", context);
      expect(request.range === undefined, query.panel).toBe(query.instant);
      // 24 h over the panel's max data points (480 for a full-width graph: a 180 s step), never below the
      // panel's own interval (300 s for the 5-minute transaction buckets).
      if (request.range) {
        expect(query.maxDataPoints, query.panel).toBeDefined();
        expect(request.range.step, query.panel).toBe(
          Math.max(Math.ceil(86_400 / query.maxDataPoints!), query.minIntervalSeconds ?? 0),
        );
      }
    }
  });

  it("make the naive form a range query at Grafana's default 1000 points for every panel", () => {
    for (const query of all) {
      const request = panelRequest(query, "naive", context);
      expect(request.range, query.panel).toEqual({ start: 0, end: 86_400, step: 87 });
      expect(request.expr).toBe(inlineRecordingRules(substitute(query.expr, allNodes, context.time), rules));
    }
  });
});
