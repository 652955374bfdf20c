import { describe, expect, it } from "vitest";
import { apiAlerts } from "../../../rules/groups/api";
import { alertOf, routingOf } from "../../support/alertGroups";

describe("apiAlerts", () => {
  it("counts slow requests above the 5 s bucket in either float spelling, instead of a quantile", () => {
    const expr = alertOf(apiAlerts, "SlowAPIResponses").expr;
    expect(expr).toContain('xai_api_request_duration_seconds_bucket{job="xai-node",le=~"5|5\\\\.0"}');
    expect(expr).not.toContain("histogram_quantile");
  });

  it("leaves a node that is down to NodeDown rather than calling its API silent", () => {
    const silent = alertOf(apiAlerts, "NoAPIConnections");
    expect(silent.expr).toMatch(/and on \(node, network\) up\{job="xai-node"\} == 1$/);
    expect(silent.cases.find((c) => c.title.startsWith("node down"))?.fires).toEqual([]);
  });

  it("warns the API service about errors, slowness and a silent API", () => {
    expect(routingOf(apiAlerts)).toEqual({
      "warning/api": ["HighAPIErrorRate", "SlowAPIResponses", "NoAPIConnections"],
    });
  });
});
