import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { durationSeconds, parseSettings } from "../../settings";
import { renderedFor } from "../../settings/rehearsal";
import { renderRuleFiles } from "../../rules/render";
import { REHEARSAL_MAX_FOR } from "../../harness/rehearsalSettings";
import { settingsErrorOf, testSettings } from "../../harness/settings";

function alertFors(values: Record<string, unknown>): Map<string, string> {
  const settings = parseSettings({
    project: "xai-observability",
    stack: "e2e",
    values,
    secretKeys: new Set(),
  });
  const fors = new Map<string, string>();
  for (const file of renderRuleFiles(settings)) {
    const doc = parse(file.content) as { groups: { rules: { alert?: string; for?: string }[] }[] };
    for (const rule of doc.groups.flatMap((group) => group.rules)) {
      if (rule.alert) fors.set(rule.alert, rule.for ?? "0s");
    }
  }
  return fors;
}

describe("rehearsal.maxAlertFor (test-only setting)", () => {
  it("caps longer for: durations and keeps shorter ones", () => {
    expect(renderedFor("10m", { maxAlertFor: "20s" })).toBe("20s");
    expect(renderedFor("0s", { maxAlertFor: "20s" })).toBe("0s");
    expect(renderedFor("15s", { maxAlertFor: "20s" })).toBe("15s");
    expect(renderedFor("10m", undefined)).toBe("10m");
  });

  it("changes nothing unless set", () => {
    const normal = alertFors({ target: "docker" });
    expect(normal.get("LargeMempool")).toBe("10m");
    expect(normal.get("NodeDown")).toBe("1m");
  });

  it("caps every rendered alert when the rehearsal sets it", () => {
    const normal = alertFors({ target: "docker" });
    const capped = alertFors({ target: "docker", rehearsal: { maxAlertFor: REHEARSAL_MAX_FOR } });
    expect([...capped.keys()]).toEqual([...normal.keys()]);
    for (const [alert, value] of capped) {
      const original = normal.get(alert)!;
      const expected =
        durationSeconds(original) > durationSeconds(REHEARSAL_MAX_FOR) ? REHEARSAL_MAX_FOR : original;
      expect(value, alert).toBe(expected);
    }
    expect(capped.get("LargeMempool")).toBe(REHEARSAL_MAX_FOR);
  });

  it("rejects a value that is not a duration, naming the key", () => {
    const error = settingsErrorOf(() =>
      testSettings({ rehearsal: { maxAlertFor: "soon" } }, { stack: "e2e" }),
    );
    expect(error.message).toMatch(/rehearsal\.maxAlertFor: expected a duration/);
  });
});
