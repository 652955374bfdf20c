import { describe, expect, it } from "vitest";
import { miningAlerts } from "../../../rules/groups/mining";
import { alertOf, caseInputs, routingOf } from "../../support/alertGroups";

describe("miningAlerts", () => {
  it("moves LowHashrate's limit with minHashrate, its cases sitting a thousandth below and at it", () => {
    const tuned = alertOf(miningAlerts, "LowHashrate", { thresholds: { minHashrate: 5000 } });
    expect(tuned.expr).toMatch(/ < 5000$/);
    const hashrates = caseInputs(tuned).filter((input) => input.startsWith("xai_mining_hashrate"));
    expect(hashrates.map((input) => input.split(" ")[1])).toEqual(["4995x60", "5000x60"]);
    expect(tuned.cases.map((c) => c.fires.map((alert) => alert.value))).toEqual([["4.995k"], []]);
  });

  it("warns the mining service about a low hashrate and failing attempts", () => {
    expect(routingOf(miningAlerts)).toEqual({ "warning/mining": ["LowHashrate", "MiningFailureRate"] });
  });
});
