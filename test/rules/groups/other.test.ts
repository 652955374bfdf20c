import { describe, expect, it } from "vitest";
import { otherAlerts } from "../../../rules/groups/other";
import { testSettings } from "../../../harness/settings";
import { alertOf, routingOf } from "../../support/alertGroups";

describe("otherAlerts", () => {
  it("without an expected version, flags nodes off their network's majority version", () => {
    const upgrade = alertOf(otherAlerts, "NodeUpgradeRequired");
    expect(upgrade.expr).toContain("count by (network, version)");
    expect(upgrade.cases.map((c) => c.fires.length)).toEqual([1, 0, 0]);
  });

  it("with an expected version, flags every node on another one and names the expected version", () => {
    const settings = testSettings({ expectedVersion: "2.0.1" });
    const upgrade = alertOf(otherAlerts, "NodeUpgradeRequired", { settings });
    expect(upgrade.expr).toBe(
      'max by (node, network, version) (xai_node_info{job="xai-node",version!="2.0.1"})',
    );
    const text = upgrade.description({ node: "n", network: "mainnet", value: "1", label: () => "1.9.0" });
    expect(text).toContain("this stack expects 2.0.1");
  });

  it("pages the system service for a crashed node process, informs about an old version", () => {
    expect(routingOf(otherAlerts)).toEqual({
      "warning/blockchain": ["HighOrphanedBlocks"],
      "critical/system": ["NodeProcessCrash"],
      "info/blockchain": ["NodeUpgradeRequired"],
    });
  });
});
