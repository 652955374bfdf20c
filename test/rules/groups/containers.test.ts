import { describe, expect, it } from "vitest";
import { containerAlerts } from "../../../rules/groups/containers";
import { alertsOf, routingOf } from "../../support/alertGroups";

describe("containerAlerts", () => {
  it("speaks per named container on each host, never about unnamed cgroups", () => {
    for (const spec of alertsOf(containerAlerts).values()) {
      expect(spec.expr, spec.name).toMatch(/^max by \(instance, name\) /);
      expect(spec.expr, spec.name).toContain('{job="cadvisor",name!=""}');
    }
  });

  it("ignores containers without a memory limit (a limit of 0 would divide to +Inf)", () => {
    expect(alertsOf(containerAlerts).get("ContainerMemoryNearLimit")?.expr).toContain(
      '/ (container_spec_memory_limit_bytes{job="cadvisor",name!=""} > 0)',
    );
  });

  it("warns the containers service about restarts and memory near the limit", () => {
    expect(routingOf(containerAlerts)).toEqual({
      "warning/containers": ["ContainerRestarting", "ContainerMemoryNearLimit"],
    });
  });
});
