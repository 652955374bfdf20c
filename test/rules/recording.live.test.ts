import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { BUCKET_RATE, RECORDED, LATENCY, FLEET_LATENCY, type RecordingRuleName } from "../../rules";
import { NODE_2, NODE_3, exporterSeries, xaiHistogram, xaiSeries } from "../../rules/cases";
import { RECORDING_GROUP } from "../../rules/recording";
import { RULES_DIRECTORY, renderRuleFiles } from "../../rules/render";
import type { InputSeries } from "../../rules/types";
import { runTool } from "../../harness/binaries";
import { writeToTempDir } from "../support/ruleFiles";
import { REFERENCE_HEIGHT_METRIC } from "../../metrics";
import { testSettings } from "../../harness/settings";

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

interface Expectation {
  readonly record: RecordingRuleName;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

interface RecordingExample {
  readonly name: string;
  readonly input: readonly InputSeries[];
  readonly expect: readonly Expectation[];
}

const NODE_1_LABELS = { network: "mainnet", node: "xai-node-1" };

/** A reference height source of mainnet, as the xai-reference scrape job records it. */
function reference(name: string, values: string): InputSeries {
  return exporterSeries(REFERENCE_HEIGHT_METRIC, values, { network: "mainnet", reference: name });
}

const SCALE = 10_000;

/**
 * promtool compares sample values exactly, so each check selects one series and compares it scaled
 * and rounded (0.30000000000000004 becomes 3000).
 */
function samples(expectations: readonly Expectation[]) {
  return expectations.map((expected) => {
    const matchers = Object.entries(expected.labels).map(([label, value]) => `${label}="${value}"`);
    return {
      expr: `round(${expected.record}{${matchers.join(",")}} * ${SCALE})`,
      eval_time: "20m",
      exp_samples: [{ labels: `{${matchers.join(",")}}`, value: Math.round(expected.value * SCALE) }],
    };
  });
}

const EXAMPLES: readonly RecordingExample[] = [
  {
    // xai-node-3 reported the highest height but stopped being scraped at 10m: stale, it no longer counts.
    name: "best height per network and each node's lag behind it; a stale node drops out",
    input: [
      xaiSeries("xai_block_height", "1000+1x30"),
      xaiSeries("xai_block_height", "990+1x30", {}, NODE_2),
      xaiSeries("xai_block_height", "5000x10", {}, NODE_3),
      xaiSeries("xai_block_height", "7x30", {}, { node: "xai-node-9", network: "testnet" }),
    ],
    expect: [
      { record: RECORDED.fleetBestHeight, labels: { network: "mainnet" }, value: 1020 },
      { record: RECORDED.fleetBestHeight, labels: { network: "testnet" }, value: 7 },
      { record: RECORDED.heightLag, labels: NODE_1_LABELS, value: 0 },
      { record: RECORDED.heightLag, labels: { network: "mainnet", node: "xai-node-2" }, value: 10 },
      { record: RECORDED.heightLag, labels: { network: "testnet", node: "xai-node-9" }, value: 0 },
    ],
  },
  {
    // Three fresh references: the nodes' lag counts from their median (1025), not from the best node.
    name: "lag behind the median of three fresh reference heights",
    input: [
      xaiSeries("xai_block_height", "1000+1x30"),
      xaiSeries("xai_block_height", "990+1x30", {}, NODE_2),
      reference("explorer", "1000+1x30"),
      reference("ref-node", "1005+1x30"),
      reference("archive", "1100+1x30"),
    ],
    expect: [
      { record: RECORDED.referenceHeight, labels: { network: "mainnet" }, value: 1025 },
      { record: RECORDED.fleetBestHeight, labels: { network: "mainnet" }, value: 1020 },
      { record: RECORDED.heightLag, labels: NODE_1_LABELS, value: 5 },
      { record: RECORDED.heightLag, labels: { network: "mainnet", node: "xai-node-2" }, value: 15 },
    ],
  },
  {
    // "gone" was last scraped at 10m, "frozen" has not advanced in 10 minutes: the median is of the other two.
    name: "a reference without samples or progress for the fresh window is ignored",
    input: [
      xaiSeries("xai_block_height", "1000+1x30"),
      reference("explorer", "1000+1x30"),
      reference("ref-node", "1010+1x30"),
      reference("gone", "5000+1x10"),
      reference("frozen", "900+1x5 906x25"),
    ],
    expect: [
      { record: RECORDED.referenceHeight, labels: { network: "mainnet" }, value: 1025 },
      { record: RECORDED.heightLag, labels: NODE_1_LABELS, value: 5 },
    ],
  },
  {
    name: "with every reference stale, lag counts from the fleet's best height",
    input: [
      xaiSeries("xai_block_height", "1000+1x30"),
      xaiSeries("xai_block_height", "990+1x30", {}, NODE_2),
      reference("gone", "5000+1x10"),
      reference("frozen", "900+1x5 906x25"),
    ],
    expect: [
      { record: RECORDED.heightLag, labels: NODE_1_LABELS, value: 0 },
      { record: RECORDED.heightLag, labels: { network: "mainnet", node: "xai-node-2" }, value: 10 },
    ],
  },
  {
    name: "block rate per node and per network",
    input: [xaiSeries("xai_blocks_total", "0+6x30"), xaiSeries("xai_blocks_total", "0+12x30", {}, NODE_2)],
    expect: [
      { record: RECORDED.blockRate, labels: NODE_1_LABELS, value: 0.1 },
      { record: RECORDED.fleetBlockRate, labels: { network: "mainnet" }, value: 0.3 },
    ],
  },
  {
    name: "transactions per second by status and in total",
    input: [
      xaiSeries("xai_transactions_total", "0+90x30", { status: "confirmed" }),
      xaiSeries("xai_transactions_total", "0+30x30", { status: "failed" }),
    ],
    expect: [
      { record: RECORDED.tpsByStatus, labels: { ...NODE_1_LABELS, status: "confirmed" }, value: 1.5 },
      { record: RECORDED.tps, labels: NODE_1_LABELS, value: 2 },
      { record: RECORDED.fleetTps, labels: { network: "mainnet" }, value: 2 },
    ],
  },
  {
    name: "API error ratio is 0, not absent, without 5xx answers",
    input: [
      xaiSeries("xai_api_requests_total", "0+60x30", { endpoint: "/blocks", method: "GET", status: "200" }),
    ],
    expect: [{ record: RECORDED.apiErrorRatio, labels: NODE_1_LABELS, value: 0 }],
  },
  {
    name: "API error ratio counts 5xx across endpoints",
    input: [
      xaiSeries("xai_api_requests_total", "0+75x30", { endpoint: "/blocks", method: "GET", status: "200" }),
      xaiSeries("xai_api_requests_total", "0+5x30", { endpoint: "/blocks", method: "GET", status: "404" }),
      xaiSeries("xai_api_requests_total", "0+20x30", { endpoint: "/tx", method: "POST", status: "502" }),
    ],
    expect: [{ record: RECORDED.apiErrorRatio, labels: NODE_1_LABELS, value: 0.2 }],
  },
  {
    name: "latency quantiles interpolate within the bucket holding the rank",
    input: xaiHistogram("xai_transaction_processing_time_seconds", [
      [0.1, 50],
      [1, 50],
    ]),
    expect: [
      { record: LATENCY.transactionProcessingTime.p50, labels: NODE_1_LABELS, value: 0.1 },
      { record: LATENCY.transactionProcessingTime.p95, labels: NODE_1_LABELS, value: 0.95 },
      { record: FLEET_LATENCY.transactionProcessingTime.p99, labels: { network: "mainnet" }, value: 0.99 },
    ],
  },
  {
    name: "bucket rates keep le, node and network for the quantile rules and dashboards to share",
    input: [
      ...xaiHistogram("xai_transaction_processing_time_seconds", [
        [0.1, 30],
        [1, 30],
      ]),
      ...xaiHistogram("xai_transaction_processing_time_seconds", [[0.1, 60]], { node: NODE_2 }),
    ],
    expect: [
      // 30 observations a minute at or below 0.1 s: 0.5 per second.
      { record: BUCKET_RATE.transactionProcessingTime, labels: { ...NODE_1_LABELS, le: "0.1" }, value: 0.5 },
      { record: BUCKET_RATE.transactionProcessingTime, labels: { ...NODE_1_LABELS, le: "+Inf" }, value: 1 },
      {
        record: BUCKET_RATE.transactionProcessingTime,
        labels: { network: "mainnet", node: "xai-node-2", le: "0.1" },
        value: 1,
      },
      // Both nodes: 1.5 of 2 observations per second at or below 0.1 s and none at or below 0.01 s, so the
      // fleet median (rank 1) lies two thirds into the 0.01-0.1 bucket.
      {
        record: FLEET_LATENCY.transactionProcessingTime.p50,
        labels: { network: "mainnet" },
        value: 0.01 + 0.09 * (1 / 1.5),
      },
    ],
  },
  {
    name: "Node Health keeps one series per node of each gauge it shows, the highest if a node has several",
    input: [
      xaiSeries("xai_system_cpu_usage_percent", "40x30"),
      xaiSeries("xai_system_cpu_usage_percent", "70x30", { core_group: "b" }),
      xaiSeries("xai_system_cpu_usage_percent", "12x30", {}, NODE_2),
      xaiSeries("xai_system_memory_percent", "55x30"),
      xaiSeries("xai_system_memory_usage_bytes", "2048x30"),
      xaiSeries("xai_system_disk_percent", "91x30"),
      xaiSeries("xai_process_uptime_seconds", "0+60x30"),
      xaiSeries("xai_process_num_threads", "33x30"),
    ],
    expect: [
      { record: RECORDED.nodeHealth.cpuPercent, labels: NODE_1_LABELS, value: 70 },
      {
        record: RECORDED.nodeHealth.cpuPercent,
        labels: { network: "mainnet", node: "xai-node-2" },
        value: 12,
      },
      { record: RECORDED.nodeHealth.memoryPercent, labels: NODE_1_LABELS, value: 55 },
      { record: RECORDED.nodeHealth.memoryUsedBytes, labels: NODE_1_LABELS, value: 2048 },
      { record: RECORDED.nodeHealth.diskPercent, labels: NODE_1_LABELS, value: 91 },
      { record: RECORDED.nodeHealth.uptimeSeconds, labels: NODE_1_LABELS, value: 1200 },
      { record: RECORDED.nodeHealth.threads, labels: NODE_1_LABELS, value: 33 },
    ],
  },
  {
    name: "host CPU utilisation is the non-idle share averaged over CPUs",
    input: [
      exporterSeries("node_cpu_seconds_total", "0+15x30", { cpu: "0", mode: "idle" }),
      exporterSeries("node_cpu_seconds_total", "0+15x30", { cpu: "1", mode: "idle" }),
      exporterSeries("node_cpu_seconds_total", "0+45x30", { cpu: "0", mode: "user" }),
    ],
    expect: [{ record: RECORDED.hostCpuUtilisation, labels: { instance: "host-1:9100" }, value: 0.75 }],
  },
];

describe("recording rules (promtool test rules)", () => {
  it("record the documented values", () => {
    const files = renderRuleFiles(testSettings());
    const { dir, cleanup } = writeToTempDir(files);
    cleanups.push(cleanup);
    const tests = {
      rule_files: [`${RULES_DIRECTORY}/${RECORDING_GROUP}.yml`],
      evaluation_interval: "1m",
      tests: EXAMPLES.map((example) => ({
        name: example.name,
        interval: "1m",
        input_series: example.input,
        promql_expr_test: samples(example.expect),
      })),
    };
    writeFileSync(join(dir, "recording-tests.yml"), stringify(tests, { lineWidth: 0 }));
    const result = runTool("promtool", ["test", "rules", "recording-tests.yml"], { cwd: dir });
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });
});
