import { describe, expect, it } from "vitest";
import { settingsErrorOf, testSettings, xaiNodesNamed } from "../../harness/settings";

/** The logs section of the settings: defaults, and one clear message per bad key. */

function problemsOf(values: Record<string, unknown>): readonly string[] {
  return settingsErrorOf(() => testSettings(values)).problems;
}

describe("logs settings defaults", () => {
  it("turns the logs profile on with Alloy, the journal, no DEBUG drop and 30-day Loki retention", () => {
    const settings = testSettings({});
    expect(settings.logs).toMatchObject({
      enabled: true,
      shipper: "alloy",
      xaiNodeLogs: [],
      systemLogs: "journal",
      dropDebug: false,
    });
    expect(settings.logs.limits.maxLineSize).toBe("256KB");
    expect(settings.retention.lokiPeriod).toBe("720h");
  });

  it("defaults a node's network to mainnet", () => {
    const settings = testSettings({
      xaiNodes: xaiNodesNamed("xai-node-1"),
      logs: { xaiNodeLogs: [{ node: "xai-node-1", directory: "/var/lib/xai/logs" }] },
    });
    expect(settings.logs.xaiNodeLogs).toEqual([
      { node: "xai-node-1", network: "mainnet", directory: "/var/lib/xai/logs" },
    ]);
  });
});

describe("logs settings bad input", () => {
  it("rejects a Loki retention that is not a whole number of days, naming the key", () => {
    for (const lokiPeriod of ["36h", "12h", "90m"]) {
      const problems = problemsOf({ retention: { lokiPeriod } });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^retention\.lokiPeriod: expected a whole number of days/);
      expect(problems[0]).toContain(`got "${lokiPeriod}"`);
    }
    expect(testSettings({ retention: { lokiPeriod: "14d" } }).retention.lokiPeriod).toBe("14d");
    expect(testSettings({ retention: { lokiPeriod: "48h" } }).retention.lokiPeriod).toBe("48h");
  });

  it("rejects a log directory that is not absolute, naming the key", () => {
    const problems = problemsOf({
      xaiNodes: xaiNodesNamed("xai-node-1"),
      logs: { xaiNodeLogs: [{ node: "xai-node-1", directory: "logs/xai" }] },
    });
    expect(problems).toEqual([
      'logs.xaiNodeLogs[0].directory: expected an absolute path such as /var/lib/xai/logs, without newlines or control characters (got "logs/xai")',
    ]);
  });

  it("rejects an unknown shipper, system log source or key", () => {
    expect(problemsOf({ logs: { shipper: "fluentd" } })[0]).toMatch(
      /^logs\.shipper: expected alloy or promtail/,
    );
    expect(problemsOf({ logs: { systemLogs: "kmsg" } })[0]).toMatch(
      /^logs\.systemLogs: expected journal, syslog or off/,
    );
    expect(problemsOf({ logs: { dropDebugs: true } })).toEqual([
      "logs.dropDebugs: unknown key; did you mean dropDebug?",
    ]);
  });

  it("rejects the same node listed twice and non-positive limits, reporting every problem at once", () => {
    const problems = problemsOf({
      xaiNodes: xaiNodesNamed("xai-node-1"),
      logs: {
        xaiNodeLogs: [
          { node: "xai-node-1", directory: "/a" },
          { node: "xai-node-1", directory: "/b" },
        ],
        limits: { maxLabelNamesPerSeries: 0, maxLineSize: "lots" },
      },
    });
    expect(problems).toHaveLength(3);
    expect(
      problems.some((problem) =>
        problem.startsWith("logs.xaiNodeLogs[1].node: expected one log directory per node"),
      ),
    ).toBe(true);
    expect(
      problems.some((problem) =>
        problem.startsWith("logs.limits.maxLabelNamesPerSeries: expected a positive whole number"),
      ),
    ).toBe(true);
    expect(
      problems.some((problem) => problem.startsWith("logs.limits.maxLineSize: expected a size such as")),
    ).toBe(true);
  });
});
