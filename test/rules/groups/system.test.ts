import { describe, expect, it } from "vitest";
import { systemAlerts } from "../../../rules/groups/system";
import { THRESHOLDS } from "../../../settings/thresholds";
import { alertOf, alertsOf, caseInputs } from "../../support/alertGroups";

/** Each critical alert of the group and the warning it silences. */
const PAIRS = [
  ["CriticalCPUUsage", "HighCPUUsage"],
  ["CriticalMemoryUsage", "HighMemoryUsage"],
  ["CriticalDiskSpace", "DiskSpaceRunningOut"],
] as const;

describe("systemAlerts", () => {
  it("pairs each warning with a critical twin that silences it, all for the system service", () => {
    const alerts = alertsOf(systemAlerts);
    for (const [critical, warning] of PAIRS) {
      expect(alerts.get(critical)?.severity).toBe("critical");
      expect(alerts.get(critical)?.inhibits).toEqual([warning]);
      expect(alerts.get(warning)?.severity).toBe("warning");
    }
    expect(new Set([...alerts.values()].map((spec) => spec.service))).toEqual(new Set(["system"]));
  });

  it("compares the free disk share, so 90% used warns below 10% free", () => {
    const free = 100 - THRESHOLDS.diskUsedPercent.warning;
    expect(alertOf(systemAlerts, "DiskSpaceRunningOut").expr).toMatch(new RegExp(`^100 - .* < ${free}$`));
    expect(alertOf(systemAlerts, "CriticalCPUUsage").expr).toMatch(
      new RegExp(` > ${THRESHOLDS.cpuPercent.critical}$`),
    );
  });

  it("moves HighThreadCount's limit and its cases with the threads threshold", () => {
    const tuned = alertOf(systemAlerts, "HighThreadCount", { thresholds: { threads: 300 } });
    expect(tuned.expr).toMatch(/ > 300$/);
    expect(caseInputs(tuned).some((input) => input.endsWith(" 300x60"))).toBe(true);
  });
});
