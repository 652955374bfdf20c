import { describe, expect, it } from "vitest";
import { hostAlerts } from "../../../rules/groups/host";
import { THRESHOLDS } from "../../../settings/thresholds";
import { alertOf, routingOf } from "../../support/alertGroups";

describe("hostAlerts", () => {
  it("predicts a filesystem full within the horizon, only for writable, real filesystems", () => {
    const full = alertOf(hostAlerts, "HostFilesystemPredictedFull");
    expect(full.expr).toContain(`[6h], ${THRESHOLDS.filesystemFillHorizonHours * 3600}) < 0`);
    expect(full.expr).toContain('fstype!~"tmpfs|overlay|squashfs|nsfs"');
    expect(full.expr).toMatch(/node_filesystem_readonly\{[^}]*\} == 0$/);
  });

  it("starts its generated edge cases from the disk that stopped filling", () => {
    const full = alertOf(hostAlerts, "HostFilesystemPredictedFull");
    expect(full.cases.find((c) => c.title === full.edgeBase)?.fires).toEqual([]);
  });

  it("warns the host service about disks, memory and the clock", () => {
    expect(routingOf(hostAlerts)).toEqual({
      "warning/host": [
        "HostFilesystemPredictedFull",
        "HostMemoryLow",
        "HostClockSkew",
        "HostClockNotSynchronising",
      ],
    });
  });
});
