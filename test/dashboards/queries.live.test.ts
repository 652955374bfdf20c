import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inlineRecordingRules, recordingRulesOf } from "../../bench/inline";
import { buildDashboards } from "../../dashboards";
import { renderRuleFiles } from "../../rules/render";
import { testSettings } from "../../harness/settings";
import { binaryPath } from "../../harness/binaries";
import { freePort, ProcessGroup } from "../../harness/processes";

/**
 * The lezer grammar checks syntax only. Prometheus itself also type-checks a query (rate() of a range
 * vector, histogram_quantile's arguments, binary operand types) before it runs, so every dashboard query
 * is sent to the real binary: on an empty database a correct query succeeds with no data.
 */

interface QueryResponse {
  readonly status: string;
  readonly errorType?: string;
  readonly error?: string;
}

/** Grafana's substitution with concrete values, as a user picking one node would cause. */
function asGrafanaSends(expr: string): string {
  return expr
    .replaceAll("$__rate_interval", "1m")
    .replaceAll("$__range", "6h")
    .replaceAll("$__interval", "30s")
    .replaceAll("$network", "testnet")
    .replaceAll("$node", "xai-node-1");
}

function everyQuery(): { where: string; expr: string }[] {
  return buildDashboards().flatMap((model) => {
    const board = JSON.parse(JSON.stringify(model)) as {
      title: string;
      panels: { title: string; targets: { expr: string }[] }[];
      annotations: { list: { name: string; expr: string }[] };
    };
    return [
      ...board.panels.flatMap((panel) =>
        panel.targets.map((target) => ({ where: `${board.title} / ${panel.title}`, expr: target.expr })),
      ),
      ...board.annotations.list.map((annotation) => ({
        where: `${board.title} / ${annotation.name}`,
        expr: annotation.expr,
      })),
    ];
  });
}

describe("dashboard queries on a real Prometheus", () => {
  const processes = new ProcessGroup();
  const directory = mkdtempSync(join(tmpdir(), "xai-dashboards-"));
  let baseUrl = "";

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const config = join(directory, "prometheus.yml");
    writeFileSync(config, "global:\n  scrape_interval: 15s\n");
    await processes.start({
      name: "prometheus",
      command: binaryPath("prometheus"),
      args: [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(directory, "data")}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      readyUrl: `${baseUrl}/-/ready`,
    });
  });

  afterAll(async () => {
    await processes.stopAll();
    rmSync(directory, { recursive: true, force: true });
  });

  /** Prometheus's error for an instant query, or undefined when it accepts the query. */
  async function rejectionOf(query: string): Promise<string | undefined> {
    const url = `${baseUrl}/api/v1/query?${new URLSearchParams({ query }).toString()}`;
    const response = (await (
      await fetch(url, { signal: AbortSignal.timeout(10_000) })
    ).json()) as QueryResponse;
    return response.status === "success" ? undefined : `${response.errorType ?? ""} ${response.error ?? ""}`;
  }

  it("accepts every panel and annotation query", async () => {
    const queries = everyQuery();
    expect(queries.length).toBeGreaterThan(25);
    const rejected: string[] = [];
    for (const { where, expr } of queries) {
      const rejection = await rejectionOf(asGrafanaSends(expr));
      if (rejection !== undefined) rejected.push(`${where}: ${rejection}`);
    }
    expect(rejected).toEqual([]);
  });

  it("accepts every query of the benchmark's naive form (recording rules inlined)", async () => {
    const rules = recordingRulesOf(renderRuleFiles(testSettings()));
    const rejected: string[] = [];
    // The SLO board has no naive form (its windows are summed from recorded windows with offsets).
    const inlinable = everyQuery().filter(
      ({ where }) => !where.endsWith("Firing alerts") && !where.startsWith("SLOs"),
    );
    for (const { where, expr } of inlinable) {
      const naive = inlineRecordingRules(
        asGrafanaSends(expr).replaceAll('"testnet"', '".*"').replaceAll('"xai-node-1"', '".*"'),
        rules,
      );
      const rejection = await rejectionOf(naive);
      if (rejection !== undefined) rejected.push(`${where}: ${rejection}`);
    }
    expect(rejected).toEqual([]);
  });

  it("rejects a query that is well-formed but wrongly typed (the check can fail)", async () => {
    expect(await rejectionOf("rate(up)")).toMatch(/^bad_data /);
  });
});
