import { describe, expect, it } from "vitest";
import { aiAlerts } from "../../../rules/groups/ai";
import { LATENCY, RECORDED } from "../../../rules/recordingNames";
import { THRESHOLDS } from "../../../settings/thresholds";
import { alertOf, routingOf } from "../../support/alertGroups";

describe("aiAlerts", () => {
  it("compares the recorded failure ratio and p95 duration with their thresholds", () => {
    expect(alertOf(aiAlerts, "HighAITaskFailureRate").expr).toBe(
      `${RECORDED.aiTaskFailureRatio} > ${THRESHOLDS.aiTaskFailureRatio}`,
    );
    expect(alertOf(aiAlerts, "SlowAITasks").expr).toBe(
      `${LATENCY.aiTaskDuration.p95} > ${THRESHOLDS.aiTaskP95Seconds}`,
    );
  });

  it("warns the AI service about failing and about slow tasks", () => {
    expect(routingOf(aiAlerts)).toEqual({ "warning/ai": ["HighAITaskFailureRate", "SlowAITasks"] });
  });
});
