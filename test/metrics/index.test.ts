import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOG, EXPORTER_FAMILIES, XAI_FAMILIES, XAI_NODE_SCRAPE, isCounterSeries } from "../../metrics";

// A copy of ../shared/xai-node-metrics.json, vendored so a fresh clone can check against it.
const CONTRACT_PATH = join(__dirname, "../../metrics/xai-node-metrics.json");

interface Contract {
  readonly scrape: unknown;
  readonly families: readonly unknown[];
}

describe("XAI metric catalog", () => {
  const contract = JSON.parse(readFileSync(CONTRACT_PATH, "utf8")) as Contract;

  it("equals the shared metric contract family for family, field for field", () => {
    expect(XAI_FAMILIES).toStrictEqual(contract.families);
    expect(XAI_NODE_SCRAPE).toStrictEqual(contract.scrape);
  });

  it("has the 52 families the contract documents", () => {
    expect(XAI_FAMILIES).toHaveLength(52);
  });

  it("gives every histogram ascending finite buckets", () => {
    for (const family of XAI_FAMILIES) {
      if (family.type !== "histogram") continue;
      const buckets = [...family.buckets];
      expect(buckets, family.name).toStrictEqual([...buckets].sort((a, b) => a - b));
      expect(buckets.every(Number.isFinite), family.name).toBe(true);
    }
  });

  it("names each series once across all exporters", () => {
    const all = [...XAI_FAMILIES, ...EXPORTER_FAMILIES].flatMap((family) => family.series);
    expect(new Set(all).size).toBe(all.length);
    expect(CATALOG.size).toBe(all.length);
  });

  it("treats counters and histogram parts as rate-able, gauges and _created series not", () => {
    expect(isCounterSeries("xai_blocks_total")).toBe(true);
    expect(isCounterSeries("xai_api_request_duration_seconds_bucket")).toBe(true);
    expect(isCounterSeries("node_cpu_seconds_total")).toBe(true);
    expect(isCounterSeries("xai_block_height")).toBe(false);
    expect(isCounterSeries("xai_blocks_created")).toBe(false);
    expect(isCounterSeries("up")).toBe(false);
  });

  it("assigns XAI series to the xai-node job and exporter series to their own jobs", () => {
    expect(CATALOG.get("xai_peers_connected")?.job).toBe("xai-node");
    expect(CATALOG.get("node_load1")?.job).toBe("node-exporter");
    expect(CATALOG.get("container_last_seen")?.job).toBe("cadvisor");
    expect(CATALOG.get("alertmanager_notifications_total")?.job).toBe("alertmanager");
    expect(CATALOG.get("up")?.job).toBeUndefined();
  });
});
