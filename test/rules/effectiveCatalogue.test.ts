import { describe, expect, it } from "vitest";
import { effectiveAlertCatalogue } from "../../rules/effectiveCatalogue";
import { renderStackFiles } from "../../scripts/render";
import { testSettings } from "../../harness/settings";

/** The catalogue rows of one alert, keyed by their Networks column. */
function rowsOf(catalogue: string, alert: string): Map<string, string> {
  const rows = catalogue.split("\n").filter((line) => line.startsWith(`| [${alert}](`));
  return new Map(rows.map((row) => [row.split(" | ")[1] ?? "", row]));
}

describe("the effective alert catalogue (npm run render writes alerts.md)", () => {
  it("states the default thresholds for a stack without overrides", () => {
    const rows = rowsOf(effectiveAlertCatalogue(testSettings()), "LowPeerCount");
    expect([...rows.keys()]).toEqual(["all"]);
    expect(rows.get("all")).toContain("`minPeers` = 2");
    expect(rows.get("all")).toContain("fewer than 2,");
  });

  it("follows an alert-wide and a per-network override, in the threshold and in the description", () => {
    const settings = testSettings({
      alerts: { LowPeerCount: { threshold: 5, for: "15m" } },
      networks: { testnet: { thresholds: { minPeers: 3, blockTimeSeconds: 30 } } },
    });
    const catalogue = effectiveAlertCatalogue(settings);
    const peers = rowsOf(catalogue, "LowPeerCount");
    expect([...peers.keys()].sort()).toEqual(["all but testnet", "testnet"]);
    expect(peers.get("all but testnet")).toContain("`minPeers` = 5");
    expect(peers.get("all but testnet")).toContain("fewer than 5,");
    expect(peers.get("all but testnet")).toContain("`15m`");
    expect(peers.get("testnet")).toContain("`minPeers` = 3");
    expect(peers.get("testnet")).toContain("fewer than 3,");
    // 10 minutes of 30 s blocks on testnet; the "no block" window is 5 block times there.
    expect(rowsOf(catalogue, "NodeHeightBehindNetwork").get("testnet")).toContain(
      "`maxHeightLagBlocks` = 20",
    );
    expect(rowsOf(catalogue, "NetworkBlockProductionStalled").get("testnet")).toContain("for 150s");
    expect(renderStackFiles(settings).get("alerts.md")).toBe(catalogue);
  });
});
