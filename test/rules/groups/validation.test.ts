import { describe, expect, it } from "vitest";
import { validationAlerts } from "../../../rules/groups/validation";
import { alertOf, routingOf } from "../../support/alertGroups";

describe("validationAlerts", () => {
  it("fires at once on any internal validation error of the last 5 minutes, across categories", () => {
    const errors = alertOf(validationAlerts, "ValidationErrors");
    expect(errors.for).toBe("0s");
    expect(errors.expr).toBe(
      'sum by (node, network) (increase(xai_validation_errors_total{job="xai-node"}[5m])) > 0',
    );
    expect(errors.cases.map((c) => [c.at, c.fires.length])).toEqual([
      ["12m", 1],
      ["16m", 0],
      ["16m", 0],
    ]);
  });

  it("warns the validation service about rejections and internal errors", () => {
    expect(routingOf(validationAlerts)).toEqual({
      "warning/validation": ["HighValidationFailures", "ValidationErrors"],
    });
  });
});
