import { describe, expect, it } from "vitest";
import { inhibitRulesFor } from "../../../components/alertmanager/inhibition";
import { alertDefinitions } from "../../../rules";
import { alertingSettings } from "../../support/alertmanagerFixtures";

/** The inhibitions the alerting design asks for, derived from the rules' own `inhibits` data. */
describe("inhibition from the stack's alert definitions", () => {
  const rules = inhibitRulesFor(alertDefinitions(alertingSettings()));
  const targetsOf = (source: string): readonly string[] | undefined =>
    rules.find((rule) => rule.source_matchers.includes(`alertname="${source}"`))?.target_matchers;

  it.each([
    ["CriticalCPUUsage", 'alertname="HighCPUUsage"'],
    ["CriticalMemoryUsage", 'alertname="HighMemoryUsage"'],
    ["CriticalDiskSpace", 'alertname="DiskSpaceRunningOut"'],
    ["NoPeersConnected", 'alertname="LowPeerCount"'],
    ["ChainNotSynced", 'alertname="LowBlockProductionRate"'],
    ["NodeDown", 'alertname!="NodeDown"'],
  ])("%s suppresses %s on the same node", (source, target) => {
    expect(targetsOf(source)).toEqual([target]);
  });

  it("scopes every inhibition to one node of one cluster", () => {
    for (const rule of rules) expect(rule.equal).toEqual(["cluster", "node", "network"]);
  });
});
