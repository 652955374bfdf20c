import { describe, expect, it } from "vitest";
import { networkAlerts } from "../../../rules/groups/network";
import { alertOf, caseInputs, routingOf } from "../../support/alertGroups";

describe("networkAlerts", () => {
  it("leaves zero peers to NoPeersConnected, which also silences LowPeerCount", () => {
    expect(alertOf(networkAlerts, "LowPeerCount").expr).toMatch(/ < 2 > 0$/);
    expect(alertOf(networkAlerts, "NoPeersConnected").inhibits).toEqual(["LowPeerCount"]);
  });

  it("moves LowPeerCount's limit and its cases with minPeers", () => {
    const tuned = alertOf(networkAlerts, "LowPeerCount", { thresholds: { minPeers: 5 } });
    expect(tuned.expr).toMatch(/ < 5 > 0$/);
    const peers = caseInputs(tuned).filter((input) => input.startsWith("xai_peers_connected"));
    expect(peers.map((input) => input.split(" ")[1])).toEqual(["4x60", "5x60", "0x20"]);
  });

  it("pages only for a node without peers", () => {
    expect(routingOf(networkAlerts)).toEqual({
      "warning/network": ["LowPeerCount", "HighNetworkErrorRate", "HighNetworkLatency"],
      "critical/network": ["NoPeersConnected"],
    });
  });
});
