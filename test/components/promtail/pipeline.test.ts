import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderAlloyConfig } from "../../../components/alloy/config";
import { renderPromtailConfig } from "../../../components/promtail/config";
import { type StackSettings } from "../../../settings";
import { JsonLogWriter } from "../../../tools/simulator/logs";
import { jmesSearch, parseGoTime, runPipeline } from "../../support/logPipeline";
import { testSettings, xaiNodesNamed } from "../../../harness/settings";

/**
 * What this proves: the json expressions, timestamp formats, templates, regexes, label and drop stages
 * exactly as rendered into promtail.yaml (and, for json and timestamp, into config.alloy) turn real-format
 * XAI log lines into the intended labels and timestamps, under our own evaluator of those stages
 * (test/support/logPipeline.ts). What it cannot prove: that Promtail or Alloy themselves accept the files;
 * no binary of either runs here.
 */

const MAIN_LINE =
  '{"timestamp": "2026-11-25T02:45:49.895658+00:00", "level": "INFO", "logger": "xai.network.node_p2p", "message": "peer connected", "module": "node_p2p", "function": "connect", "line": 212, "event": "p2p.peer_connected", "peer": "10.0.0.7:8333"}';
const API_LINE =
  '{"timestamp": "2026-11-25T02:45:50.000120+00:00", "level": "WARNING", "logger": "xai.api.node_api", "message": "GET /blocks/12 404", "module": "node_api", "function": "handle", "line": 88, "event": "api.request", "method": "GET", "path": "/blocks/12", "status": 404, "duration_ms": 3.5}';
const DEBUG_LINE =
  '{"timestamp": "2026-11-25T02:45:51.5+00:00", "level": "DEBUG", "logger": "xai.core.node_mining", "message": "template built", "module": "node_mining", "function": "build", "line": 40, "event": "mining.template", "block_height": 1234}';
const SECONDARY_NULL_LEVEL =
  '{"timestamp": "2026-11-25T02:45:49.895658", "level": null, "name": "xai.core.metrics", "message": "metrics flushed", "series": 42}';
const SECONDARY_NO_LEVEL =
  '{"timestamp": "2026-11-25T02:45:49.895658", "name": "xai.core.metrics", "message": "collector started"}';

/** 2026-11-25T02:45:49Z as Unix nanoseconds, computed independently of the evaluator. */
const BASE_NS = BigInt(Date.UTC(2026, 10, 25, 2, 45, 49)) * 1_000_000n;
const READ_AT_NS = 1_000n;

function settingsWith(logs: Record<string, unknown>): StackSettings {
  return testSettings({
    xaiNodes: xaiNodesNamed("xai-node-1"),
    logs: {
      xaiNodeLogs: [{ node: "xai-node-1", network: "testnet", directory: "/var/lib/xai/logs" }],
      ...logs,
    },
  });
}

type Stage = Record<string, unknown>;

function renderedXaiStages(settings: StackSettings): Stage[] {
  const config = parse(renderPromtailConfig(settings)) as {
    scrape_configs: {
      job_name: string;
      static_configs?: { labels: Record<string, string> }[];
      pipeline_stages?: Stage[];
    }[];
  };
  const job = config.scrape_configs.find((scrape) => scrape.job_name === "xai-node-xai-node-1");
  if (!job?.pipeline_stages) throw new Error("xai-node job missing from promtail.yaml");
  return job.pipeline_stages;
}

function run(line: string, settings = settingsWith({})) {
  return runPipeline(renderedXaiStages(settings), line, { job: "xai-node" }, READ_AT_NS);
}

describe("rendered Promtail pipeline on real-format XAI lines", () => {
  it("labels a main-format line and takes its offset timestamp to the microsecond", () => {
    const result = run(MAIN_LINE);
    expect(result).toEqual({
      dropped: false,
      line: MAIN_LINE,
      labels: {
        job: "xai-node",
        level: "INFO",
        logger: "xai.network.node_p2p",
        event: "p2p",
        node: "xai-node-1",
        network: "testnet",
        environment: "dev",
      },
      timestampNs: BASE_NS + 895_658_000n,
      structuredMetadata: {},
    });
  });

  it("reads a secondary-format line with a null level: level unknown, logger from name, naive time as UTC", () => {
    const result = run(SECONDARY_NULL_LEVEL);
    expect(result.dropped).toBe(false);
    if (result.dropped) return;
    expect(result.labels).toEqual({
      job: "xai-node",
      level: "unknown",
      logger: "xai.core.metrics",
      node: "xai-node-1",
      network: "testnet",
      environment: "dev",
    });
    expect(result.timestampNs).toBe(BASE_NS + 895_658_000n);
    expect(result.line).toBe(SECONDARY_NULL_LEVEL);
  });

  it("keeps a line without any level, labelled unknown", () => {
    const result = run(SECONDARY_NO_LEVEL);
    expect(result.dropped).toBe(false);
    if (result.dropped) return;
    expect(result.labels.level).toBe("unknown");
    expect(result.labels.logger).toBe("xai.core.metrics");
    expect(result.labels).not.toHaveProperty("event");
    expect(result.timestampNs).toBe(BASE_NS + 895_658_000n);
  });

  it("keeps api.request method and status class out of the labels, as structured metadata", () => {
    const result = run(API_LINE);
    expect(result.dropped).toBe(false);
    if (result.dropped) return;
    expect(result.structuredMetadata).toEqual({ method: "GET", status_class: "4xx" });
    expect(result.labels.event).toBe("api");
    expect(Object.keys(result.labels).sort()).toEqual(
      ["environment", "event", "job", "level", "logger", "network", "node"].sort(),
    );
    expect(result.line).toBe(API_LINE);
    expect(result.timestampNs).toBe(BASE_NS + 1_000_000_000n + 120_000n);
  });

  it("drops DEBUG lines only when logs.dropDebug is set", () => {
    const kept = run(DEBUG_LINE);
    expect(kept.dropped).toBe(false);
    if (!kept.dropped) expect(kept.labels.level).toBe("DEBUG");
    expect(run(DEBUG_LINE, settingsWith({ dropDebug: true }))).toEqual({
      dropped: true,
      reason: "debug_level",
    });
    // A record without a level is never dropped, not even with dropDebug on.
    expect(run(SECONDARY_NO_LEVEL, settingsWith({ dropDebug: true })).dropped).toBe(false);
  });

  it("passes a line that is not JSON through unchanged, at the time it was read", () => {
    const result = run("Traceback (most recent call last):");
    expect(result).toMatchObject({
      dropped: false,
      line: "Traceback (most recent call last):",
      timestampNs: READ_AT_NS,
    });
    if (!result.dropped) expect(result.labels.level).toBe("unknown");
  });
});

describe("lines written by the XAI node simulator", () => {
  const directory = mkdtempSync(join(tmpdir(), "xai-logs-"));
  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it("labels every record of both formats and drops none", () => {
    const clock = Date.UTC(2026, 10, 25, 2, 45, 49, 895);
    const writer = new JsonLogWriter({ directory, stdout: false, clock: () => clock });
    writer.info("p2p.peer_connected", "peer connected", { peer: "10.0.0.9:8333" });
    writer.apiRequest("POST", "/tx", 503, 12);
    writer.metricsModule(null, "flushed", {});
    writer.metricsModule("WARNING", "slow scrape", {});
    const lines = readFileSync(join(directory, "xai-node.log"), "utf8").trim().split("\n");
    const results = lines.map((line) => run(line));
    expect(results.map((result) => (result.dropped ? "dropped" : result.labels.level))).toEqual([
      "INFO",
      "ERROR",
      "unknown",
      "WARNING",
    ]);
    for (const result of results) {
      if (!result.dropped) expect(result.timestampNs).toBe(BASE_NS + 895_000_000n);
    }
    const api = results[1];
    if (api && !api.dropped) expect(api.structuredMetadata).toEqual({ method: "POST", status_class: "5xx" });
  });
});

describe("rendered Alloy json expressions and timestamp formats", () => {
  const alloy = renderAlloyConfig(settingsWith({}));

  function attribute(blockName: string, name: string): string {
    const body = new RegExp(`${blockName.replace(".", "\\.")} \\{([\\s\\S]*?)\\n  \\}`).exec(alloy)?.[1];
    const value =
      body === undefined ? undefined : new RegExp(`\\b${name} = ("[^\\n]*"|\\[[^\\n]*\\])`).exec(body)?.[1];
    if (value === undefined) throw new Error(`${blockName}.${name} not found in config.alloy`);
    return value;
  }

  function jsonExpressions(): Record<string, string> {
    const body = /stage\.json \{\n\s+expressions = \{\n([\s\S]*?)\n\s+\}/.exec(alloy)?.[1] ?? "";
    return Object.fromEntries(
      [...body.matchAll(/^\s*(\w+) = ("[^\n]*"),$/gm)].map((match): [string, string] => [
        match[1] ?? "",
        JSON.parse(match[2] ?? '""') as string,
      ]),
    );
  }

  it("parses both timestamp formats with the rendered Alloy formats", () => {
    const stage = {
      timestamp: {
        source: JSON.parse(attribute("stage.timestamp", "source")) as string,
        format: JSON.parse(attribute("stage.timestamp", "format")) as string,
        fallback_formats: JSON.parse(attribute("stage.timestamp", "fallback_formats")) as string[],
        location: JSON.parse(attribute("stage.timestamp", "location")) as string,
      },
    };
    const stages = [{ json: { expressions: jsonExpressions() } }, stage];
    for (const line of [MAIN_LINE, SECONDARY_NULL_LEVEL]) {
      const result = runPipeline(stages, line, {}, READ_AT_NS);
      expect(result).toMatchObject({ dropped: false, timestampNs: BASE_NS + 895_658_000n });
    }
  });

  it("reads logger from logger or name with the rendered Alloy expression", () => {
    const expressions = jsonExpressions();
    expect(expressions.logger).toBeDefined();
    expect(jmesSearch(JSON.parse(MAIN_LINE), expressions.logger ?? "")).toBe("xai.network.node_p2p");
    expect(jmesSearch(JSON.parse(SECONDARY_NO_LEVEL), expressions.logger ?? "")).toBe("xai.core.metrics");
  });
});

describe("the evaluator itself", () => {
  it("parses Go layouts like Go: offsets shift to UTC and fractions keep nanoseconds", () => {
    expect(parseGoTime("RFC3339Nano", "2026-11-25T04:45:49.5+02:00", undefined)).toBe(BASE_NS + 500_000_000n);
    expect(parseGoTime("RFC3339Nano", "2026-11-25T02:45:49Z", undefined)).toBe(BASE_NS);
    expect(() => parseGoTime("RFC3339Nano", "2026-11-25T02:45:49.895658", undefined)).toThrow();
    expect(parseGoTime("2006-01-02T15:04:05.999999999", "2026-11-25T02:45:49.000000001", "UTC")).toBe(
      BASE_NS + 1n,
    );
  });

  it("treats JMESPath alternatives like JMESPath: null and empty strings fall through", () => {
    expect(jmesSearch({ logger: "", name: "n" }, "logger || name")).toBe("n");
    expect(jmesSearch({}, "logger || name")).toBeNull();
    expect(jmesSearch({ data: { peer: "p" } }, "data.peer")).toBe("p");
  });

  it("refuses stages outside its subset instead of ignoring them", () => {
    expect(() => runPipeline([{ pack: { labels: ["a"] } }], "{}", {}, 0n)).toThrow(/outside this evaluator/);
    expect(() =>
      runPipeline([{ template: { source: "x", template: "{{ ToLower .Value }}" } }], "{}", {}, 0n),
    ).toThrow(/unsupported template action/);
  });
});
