import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JsonLogWriter } from "../../../tools/simulator/logs";
import { SimulatorServer } from "../../../tools/simulator/server";
import { NodeSimulation } from "../../../tools/simulator/simulation";

/** The metric contract, as copied into the repository from ../shared/xai-node-metrics.json. */
const CONTRACT_PATH = resolve(__dirname, "../../../metrics/xai-node-metrics.json");

interface ContractFamily {
  readonly name: string;
  readonly type: "counter" | "gauge" | "histogram" | "info";
  readonly labels: readonly string[];
  readonly series: readonly string[];
  readonly buckets?: readonly number[];
}

interface ScrapedSeries {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

interface Scrape {
  readonly types: ReadonlyMap<string, string>;
  readonly series: readonly ScrapedSeries[];
}

function parseExposition(text: string): Scrape {
  const types = new Map<string, string>();
  const series: ScrapedSeries[] = [];
  for (const line of text.split("\n")) {
    const typeLine = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (typeLine) types.set(typeLine[1]!, typeLine[2]!);
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample) continue;
    const labels: Record<string, string> = {};
    for (const pair of (sample[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[pair[1]!] = pair[2]!;
    }
    series.push({ name: sample[1]!, labels, value: Number(sample[3]) });
  }
  return { types, series };
}

function value(scrape: Scrape, name: string, labels: Record<string, string> = {}): number {
  const found = scrape.series.find(
    (s) => s.name === name && Object.entries(labels).every(([key, v]) => s.labels[key] === v),
  );
  if (!found) throw new Error(`no series ${name}${JSON.stringify(labels)}`);
  return found.value;
}

function sum(
  scrape: Scrape,
  name: string,
  match: (labels: Readonly<Record<string, string>>) => boolean,
): number {
  return scrape.series
    .filter((s) => s.name === name && match(s.labels))
    .reduce((total, s) => total + s.value, 0);
}

/** A simulation on a fake clock, so time moves only when the test says so. */
function simulatedNode(logs?: JsonLogWriter): { node: NodeSimulation; run: (seconds: number) => void } {
  let now = Date.UTC(2026, 10, 25, 0, 0, 0);
  const node = new NodeSimulation({
    nodeId: "sim-1",
    network: "testnet",
    version: "1.2.3",
    seed: 7,
    clock: () => now,
    ...(logs ? { logs } : {}),
  });
  const run = (seconds: number): void => {
    for (let i = 0; i < seconds; i += 1) {
      now += 1000;
      node.advance(1);
    }
  };
  return { node, run };
}

async function scrapeOf(node: NodeSimulation): Promise<Scrape> {
  return parseExposition(await node.instruments.exposition());
}

describe("simulator exposition matches the metric contract", () => {
  const contract = (JSON.parse(readFileSync(CONTRACT_PATH, "utf8")) as { families: ContractFamily[] })
    .families;
  let server: SimulatorServer;
  let scrape: Scrape;

  beforeAll(async () => {
    const { node, run } = simulatedNode();
    run(30);
    server = new SimulatorServer(node, { host: "127.0.0.1", metricsPort: 0, controlPort: 0, tickMs: 60_000 });
    const ports = await server.start();
    const response = await fetch(`http://127.0.0.1:${ports.metrics}/metrics`);
    expect(response.status).toBe(200);
    scrape = parseExposition(await response.text());
  });
  afterAll(async () => {
    await server.stop();
  });

  it("exposes exactly the contract's series names, no more and no fewer", () => {
    const expected = [...new Set(contract.flatMap((family) => family.series))].sort();
    const exposed = [...new Set(scrape.series.map((s) => s.name))].sort();
    expect(exposed).toEqual(expected);
    expect(contract).toHaveLength(52);
  });

  it("declares each family with the contract's type", () => {
    for (const family of contract) {
      const exposedAs = family.type === "info" ? `${family.name}_info` : family.name;
      const expectedType = family.type === "info" ? "gauge" : family.type;
      expect(scrape.types.get(exposedAs), family.name).toBe(expectedType);
    }
  });

  it("uses the contract's label names on every series", () => {
    for (const family of contract) {
      const owned = scrape.series.filter((s) => family.series.includes(s.name));
      expect(owned.length, family.name).toBeGreaterThan(0);
      for (const s of owned) {
        const names = Object.keys(s.labels).filter((label) => label !== "le");
        expect(names.sort(), `${s.name} labels`).toEqual([...family.labels].sort());
      }
    }
  });

  it("uses the contract's bucket bounds on every histogram", () => {
    for (const family of contract.filter((f) => f.type === "histogram")) {
      const bounds = scrape.series
        .filter((s) => s.name === `${family.name}_bucket`)
        .map((s) => s.labels.le)
        .filter((le) => le !== "+Inf")
        .map(Number);
      expect(
        [...new Set(bounds)].sort((a, b) => a - b),
        family.name,
      ).toEqual(family.buckets);
    }
  });

  it("carries version, network and node_id on xai_node_info", () => {
    expect(value(scrape, "xai_node_info", { version: "1.2.3", network: "testnet", node_id: "sim-1" })).toBe(
      1,
    );
  });
});

describe("simulator dynamics", () => {
  it("looks like a healthy node by default", async () => {
    const { node, run } = simulatedNode();
    const before = await scrapeOf(node);
    run(120);
    const after = await scrapeOf(node);
    const blocks = value(after, "xai_blocks_total") - value(before, "xai_blocks_total");
    expect(blocks).toBeGreaterThanOrEqual(15);
    expect(blocks).toBeLessThanOrEqual(40);
    const transactions = sum(after, "xai_transactions_total", () => true);
    expect(transactions / 120).toBeGreaterThan(1);
    const requests = sum(after, "xai_api_requests_total", () => true);
    const errors = sum(after, "xai_api_requests_total", (l) => l.status?.startsWith("5") ?? false);
    expect(errors).toBeGreaterThan(0);
    expect(errors / requests).toBeLessThan(0.05);
    expect(value(after, "xai_peers_connected")).toBeGreaterThanOrEqual(2);
    expect(value(after, "xai_chain_sync_status")).toBe(1);
    expect(value(after, "xai_transaction_pool_size")).toBeLessThan(10_000);
    expect(value(after, "xai_process_uptime_seconds")).toBe(120);
    const attempts = value(after, "xai_mining_attempts_total");
    expect(value(after, "xai_mining_success_total") / attempts).toBeGreaterThan(0.5);
    const feesOverTen =
      value(after, "xai_transaction_fee_xai_count") -
      value(after, "xai_transaction_fee_xai_bucket", { le: "10" });
    expect(feesOverTen).toBe(0);
  });

  it("keeps nodes of one network at the same height (the in-sync SLO's lag stays 0), whatever their seed", async () => {
    let now = Date.UTC(2026, 10, 25, 0, 0, 0);
    const nodes = ["sim-a", "sim-b", "sim-c"].map(
      (nodeId, index) =>
        new NodeSimulation({
          nodeId,
          network: "testnet",
          version: "1.2.3",
          seed: index + 1,
          clock: () => now,
        }),
    );
    for (let second = 0; second < 3_600; second += 1) {
      now += 1000;
      for (const node of nodes) node.advance(1);
    }
    const heights = await Promise.all(
      nodes.map(async (node) => value(await scrapeOf(node), "xai_block_height")),
    );
    expect(heights[0]).toBeGreaterThan(150_000 + 600);
    expect(new Set(heights).size).toBe(1);
  });

  it("resets uptime and counters on restart but keeps the chain", async () => {
    const { node, run } = simulatedNode();
    run(60);
    const before = await scrapeOf(node);
    node.restart();
    run(2);
    const after = await scrapeOf(node);
    expect(value(after, "xai_process_uptime_seconds")).toBe(2);
    expect(value(after, "xai_transactions_total", { status: "confirmed" })).toBeLessThan(
      value(before, "xai_transactions_total", { status: "confirmed" }),
    );
    expect(value(after, "xai_block_height")).toBeGreaterThanOrEqual(value(before, "xai_block_height"));
  });

  it("applies each fault mode", async () => {
    const { node, run } = simulatedNode();
    run(10);
    const start = await scrapeOf(node);
    node.setFaults({
      peers: 0,
      mempoolFlood: true,
      feeSpike: true,
      errorStorm: true,
      supplyJump: true,
      stopBlocks: true,
    });
    run(60);
    const faulty = await scrapeOf(node);
    expect(value(faulty, "xai_peers_connected")).toBe(0);
    expect(value(faulty, "xai_transaction_pool_size")).toBeGreaterThan(10_000);
    expect(value(faulty, "xai_blocks_total")).toBe(value(start, "xai_blocks_total") + 0);
    expect(value(faulty, "xai_block_production_rate_per_minute")).toBe(0);
    expect(value(faulty, "xai_total_supply_xai") - value(start, "xai_total_supply_xai")).toBeGreaterThan(
      1000,
    );
    const newErrors =
      sum(faulty, "xai_api_requests_total", (l) => l.status === "500") -
      sum(start, "xai_api_requests_total", (l) => l.status === "500");
    const newRequests =
      sum(faulty, "xai_api_requests_total", () => true) - sum(start, "xai_api_requests_total", () => true);
    expect(newErrors / newRequests).toBeGreaterThan(0.3);
    const count =
      value(faulty, "xai_transaction_fee_xai_count") - value(start, "xai_transaction_fee_xai_count");
    const overTen =
      count -
      (value(faulty, "xai_transaction_fee_xai_bucket", { le: "10" }) -
        value(start, "xai_transaction_fee_xai_bucket", { le: "10" }));
    expect(overTen / count).toBeGreaterThan(0.9);

    node.clearFaults();
    node.setFaults({ peers: 1, desync: true });
    run(30);
    const desynced = await scrapeOf(node);
    expect(value(desynced, "xai_peers_connected")).toBe(1);
    expect(value(desynced, "xai_chain_sync_status")).toBe(0);
    expect(value(desynced, "xai_chain_sync_percentage")).toBeLessThan(95);
    expect(value(desynced, "xai_chain_height")).toBeGreaterThan(value(desynced, "xai_block_height"));
  });

  it("stops and resumes serving through the control endpoint, and restarts on request", async () => {
    const { node, run } = simulatedNode();
    run(30);
    const server = new SimulatorServer(node, {
      host: "127.0.0.1",
      metricsPort: 0,
      controlPort: 0,
      tickMs: 60_000,
    });
    const ports = await server.start();
    const control = (path: string, body?: object): Promise<Response> =>
      fetch(`http://127.0.0.1:${ports.control}${path}`, {
        method: "POST",
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    try {
      expect((await control("/faults", { stopServing: true })).status).toBe(200);
      await expect(fetch(`http://127.0.0.1:${ports.metrics}/metrics`)).rejects.toThrow();
      expect((await control("/faults/clear")).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${ports.metrics}/metrics`)).status).toBe(200);
      expect((await control("/faults", { peers: "none" })).status).toBe(400);
      expect((await control("/restart")).status).toBe(200);
      expect(value(await scrapeOf(node), "xai_process_uptime_seconds")).toBe(0);
    } finally {
      await server.stop();
    }
  });
});

describe("simulator logs", () => {
  it("writes both JSON formats, with errors also in xai-errors.log", () => {
    const directory = mkdtempSync(join(tmpdir(), "xai-sim-logs-"));
    try {
      const logs = new JsonLogWriter({ directory, stdout: false });
      const { node, run } = simulatedNode(logs);
      node.setFaults({ errorStorm: true });
      run(20);
      logs.metricsModule(null, "Metrics snapshot collected", { peers: 3 });
      const lines = readFileSync(join(directory, "xai-node.log"), "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const main = lines.filter((record) => "logger" in record);
      const secondary = lines.filter((record) => "name" in record);
      expect(main.length).toBeGreaterThan(10);
      for (const record of main) {
        expect(record.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
        expect(["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]).toContain(record.level);
        expect(typeof record.line).toBe("number");
      }
      const request = main.find((record) => record.event === "api.request");
      expect([typeof request?.method, typeof request?.path, typeof request?.status]).toEqual([
        "string",
        "string",
        "number",
      ]);
      expect(
        main.some(
          (record) => record.event === "mining.block_mined" && typeof record.block_height === "number",
        ),
      ).toBe(true);
      expect(secondary).toHaveLength(1);
      expect(secondary[0]).toMatchObject({ level: null, name: "xai.core.metrics" });
      expect(secondary[0]?.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
      const errors = readFileSync(join(directory, "xai-errors.log"), "utf8").trim().split("\n");
      expect(errors.length).toBeGreaterThan(0);
      for (const line of errors)
        expect(["ERROR", "CRITICAL"]).toContain((JSON.parse(line) as { level: string }).level);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
