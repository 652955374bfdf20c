import { describe, expect, it } from "vitest";
import { definedAlertNames } from "../../rules/catalog";
import { ALERT_NAMES, ALERT_THRESHOLDS } from "../../settings/alertNames";
import { TUNABLE_THRESHOLDS } from "../../settings/thresholds";

describe("settings' alert table (settings/alertNames.ts)", () => {
  it("names exactly the alerts the rule groups define, in the same order", () => {
    expect(ALERT_NAMES).toEqual(definedAlertNames());
  });

  it("gives each tunable threshold to exactly one alert", () => {
    const owners = ALERT_NAMES.flatMap((name) => {
      const threshold = ALERT_THRESHOLDS[name];
      return threshold === undefined ? [] : [threshold];
    });
    expect(new Set(owners).size).toBe(owners.length);
    for (const owner of owners) expect(TUNABLE_THRESHOLDS).toContain(owner);
  });
});
