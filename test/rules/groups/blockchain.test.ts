import { describe, expect, it } from "vitest";
import { blockchainAlerts } from "../../../rules/groups/blockchain";
import { alertOf, alertsOf, caseInputs, routingOf } from "../../support/alertGroups";

describe("blockchainAlerts", () => {
  it("lets NodeDown alone silence everything else on its node", () => {
    const silencers = [...alertsOf(blockchainAlerts).values()].filter(
      (spec) => spec.inhibits === "all-on-node",
    );
    expect(silencers.map((spec) => spec.name)).toEqual(["NodeDown"]);
  });

  it("reports a network stall once per network, with no node label", () => {
    const stalled = alertOf(blockchainAlerts, "NetworkBlockProductionStalled");
    expect(stalled.cases[0]?.fires).toEqual([{ labels: { network: "mainnet" }, value: "1000" }]);
    expect(alertOf(blockchainAlerts, "LowBlockProductionRate").expr).toContain("unless on (network) (");
  });

  it("scales the no-block window and its for: with the expected block time", () => {
    const slow = alertOf(blockchainAlerts, "LowBlockProductionRate");
    const fast = alertOf(blockchainAlerts, "LowBlockProductionRate", {
      thresholds: { blockTimeSeconds: 12 },
    });
    expect([slow.for, fast.for]).toEqual(["2m", "12s"]);
    expect(slow.expr).toContain('increase(xai_blocks_total{job="xai-node"}[10m])');
    expect(fast.expr).toContain('increase(xai_blocks_total{job="xai-node"}[1m])');
    expect(fast.cases.map((c) => c.interval)).toEqual(["12s", "12s", "12s"]);
  });

  it("moves the height-lag limit, and the cases around it, with maxHeightLagBlocks", () => {
    // Unset, the limit is 10 minutes of blocks at 120 s.
    expect(alertOf(blockchainAlerts, "NodeHeightBehindNetwork").expr).toMatch(/ > 5$/);
    const tuned = alertOf(blockchainAlerts, "NodeHeightBehindNetwork", {
      thresholds: { maxHeightLagBlocks: 20 },
    });
    expect(tuned.expr).toMatch(/ > 20$/);
    expect(tuned.cases.map((c) => c.title)).toContain("a node exactly 20 blocks behind stays quiet");
    expect(caseInputs(tuned)).toContain(
      'xai_block_height{job="xai-node",instance="xai-node-2:8000",node="xai-node-2",network="mainnet"} 1020x60',
    );
  });

  it("pages for a node down, a stalled network and a supply jump; LongMiningTime goes to the mining team", () => {
    const routing = routingOf(blockchainAlerts);
    expect(routing["critical/blockchain"]).toEqual([
      "NodeDown",
      "NetworkBlockProductionStalled",
      "UnusualSupplyChange",
    ]);
    expect(routing["warning/mining"]).toEqual(["LongMiningTime"]);
    expect(Object.keys(routing)).toEqual(["critical/blockchain", "warning/blockchain", "warning/mining"]);
  });
});
