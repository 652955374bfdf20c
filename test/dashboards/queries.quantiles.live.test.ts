import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { quantileQueries } from "../../dashboards/queries";
import { NODE_1, NODE_2, xaiHistogram } from "../../rules/cases";
import { RECORDING_GROUP } from "../../rules/recording";
import { RULES_DIRECTORY, renderRuleFiles } from "../../rules/render";
import { regexOf, substitute } from "../../harness/dashboardQueries";
import { runTool } from "../../harness/binaries";
import { testSettings } from "../../harness/settings";
import { writeToTempDir } from "../support/ruleFiles";

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

const HISTOGRAM = "xai_transaction_processing_time_seconds";
const TESTNET_NODE = { node: "xai-node-9", network: "testnet" };

/** Three nodes in two networks with different latencies, so every selection has its own quantiles. */
const INPUT = [
  ...xaiHistogram(HISTOGRAM, [
    [0.1, 30],
    [1, 30],
  ]),
  ...xaiHistogram(HISTOGRAM, [[0.1, 60]], { node: NODE_2 }),
  ...xaiHistogram(
    HISTOGRAM,
    [
      [1, 10],
      [5, 50],
    ],
    { node: TESTNET_NODE },
  ),
];

/** Variable values as Grafana sends them: ".*" for All, a regex of the picked values otherwise. */
const SELECTIONS: readonly { readonly name: string; readonly network: string; readonly node: string }[] = [
  { name: "All networks, All nodes", network: ".*", node: ".*" },
  { name: "one network, All nodes", network: "mainnet", node: ".*" },
  { name: "one node", network: ".*", node: regexOf([NODE_1.node]) },
  { name: "nodes of two networks", network: ".*", node: regexOf([NODE_2.node, TESTNET_NODE.node]) },
];

describe("quantile panels (promtool test rules)", () => {
  it("equal the quantile of the selected nodes' raw buckets for every selection", () => {
    const { dir, cleanup } = writeToTempDir(renderRuleFiles(testSettings()));
    cleanups.push(cleanup);
    const time = { rangeSeconds: 3600, scrapeSeconds: 60 };
    const panels = quantileQueries("transactionProcessingTime").map((query) => query.build().expr);
    expect(panels).toHaveLength(3);
    const checks = SELECTIONS.flatMap((selection) =>
      panels.map((panel) => {
        const quantile = /^histogram_quantile\(([\d.]+),/.exec(panel)?.[1];
        const scope = `network=~"${selection.network}", node=~"${selection.node}"`;
        const reference = `histogram_quantile(${String(quantile)}, sum by (le) (rate(${HISTOGRAM}_bucket{${scope}}[5m])))`;
        const shown = substitute(panel, { network: selection.network, node: selection.node }, time);
        // Both sides label-free: the difference exists only if both have a value, NaN fails the check.
        return {
          expr: `round((${shown}) - (${reference}), 0.000001)`,
          eval_time: "20m",
          exp_samples: [{ labels: "{}", value: 0 }],
        };
      }),
    );
    // At All the per-node side selects nothing: a load reads only the per-network rule's few series.
    const perNodeSide = / or (node_le:[^}]*\})\)\)$/.exec(panels[0]!)?.[1];
    expect(perNodeSide).toBeDefined();
    for (const selection of SELECTIONS.filter(({ node }) => node === ".*")) {
      const side = substitute(perNodeSide!, selection, time);
      checks.push({
        expr: `count(${side}) or vector(0)`,
        eval_time: "20m",
        exp_samples: [{ labels: "{}", value: 0 }],
      });
    }
    const tests = {
      rule_files: [`${RULES_DIRECTORY}/${RECORDING_GROUP}.yml`],
      evaluation_interval: "1m",
      tests: [{ interval: "1m", input_series: INPUT, promql_expr_test: checks }],
    };
    writeFileSync(join(dir, "quantile-panel-tests.yml"), stringify(tests, { lineWidth: 0 }));
    const result = runTool("promtool", ["test", "rules", "quantile-panel-tests.yml"], { cwd: dir });
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });
});
