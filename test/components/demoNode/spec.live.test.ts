import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { buildServiceSpecs } from "../../../components/catalog";
import { DEMO_NODE_IMAGE } from "../../../components/demoNode/spec";
import { renderPrometheusConfig } from "../../../components/prometheus/config";
import { SettingsError, type StackSettings } from "../../../settings";
import { freePort, ProcessGroup } from "../../../harness/processes";
import { testSettings } from "../../../harness/settings";

interface ScrapeJob {
  job_name: string;
  static_configs: { targets: string[]; labels?: Record<string, string> }[];
}

function xaiJob(settings: StackSettings): ScrapeJob | undefined {
  const config = parse(renderPrometheusConfig(settings)) as { scrape_configs: ScrapeJob[] };
  return config.scrape_configs.find((job) => job.job_name === "xai-node");
}

describe("demo node", () => {
  const processes = new ProcessGroup();
  const directory = mkdtempSync(join(tmpdir(), "xai-demo-node-"));
  afterAll(async () => {
    await processes.stopAll();
    rmSync(directory, { recursive: true, force: true });
  });

  it("is off by default: no service and no scrape target", () => {
    const settings = testSettings({ target: "docker" });
    expect(settings.demoNode).toBe(false);
    expect(buildServiceSpecs(settings).map((spec) => spec.name)).not.toContain("xai-demo-node");
    expect(xaiJob(settings)?.static_configs).toEqual([]);
  });

  it("is refused on the kubernetes target", () => {
    expect(() => testSettings({ target: "kubernetes", demoNode: true })).toThrow(SettingsError);
    expect(() => testSettings({ target: "kubernetes", demoNode: true })).toThrow(
      /demoNode: expected false on the kubernetes target/,
    );
  });

  it("runs the simulator bundle on a pinned Node image and is scraped as an xai-node target", () => {
    const settings = testSettings({ target: "docker", demoNode: true });
    const spec = buildServiceSpecs(settings).find((s) => s.name === "xai-demo-node");
    expect(spec?.image).toBe(DEMO_NODE_IMAGE);
    expect(DEMO_NODE_IMAGE).toMatch(/^node:\d+\.\d+\.\d+-alpine\d+\.\d+$/);
    expect(spec?.command).toEqual(["node", "/app/xai-simulator.js"]);
    expect(spec?.configFiles.map((file) => file.path)).toEqual(["/app/xai-simulator.js"]);
    expect(spec?.security).toMatchObject({ user: "1000:1000", readOnlyRootFilesystem: true });
    expect(xaiJob(settings)?.static_configs).toEqual([
      {
        targets: ["xai-demo-node:8000"],
        labels: { demo: "true", node: "xai-demo-node", network: "testnet" },
      },
    ]);
  });

  it("bundles a simulator that runs with plain node, outside the repository's node_modules", async () => {
    const settings = testSettings({ target: "docker", demoNode: true });
    const bundle =
      buildServiceSpecs(settings).find((s) => s.name === "xai-demo-node")?.configFiles[0]?.content ?? "";
    const script = join(directory, "xai-simulator.js");
    writeFileSync(script, bundle);
    const [metricsPort, controlPort] = [await freePort(), await freePort()];
    await processes.start({
      name: "demo node bundle",
      command: process.execPath,
      args: [script],
      env: {
        XAI_METRICS_PORT: String(metricsPort),
        XAI_SIM_CONTROL_PORT: String(controlPort),
        XAI_NODE_ID: "xai-demo-node",
        XAI_LOG_DIR: join(directory, "logs"),
      },
      readyUrl: `http://127.0.0.1:${metricsPort}/metrics`,
      readyTimeoutMs: 15_000,
    });
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(text).toMatch(/^xai_node_info\{version="1\.0\.0",network="testnet",node_id="xai-demo-node"\} 1$/m);
    expect(text).toContain("# TYPE xai_api_request_duration_seconds histogram");
    const faults = await fetch(`http://127.0.0.1:${controlPort}/faults`, {
      method: "POST",
      body: JSON.stringify({ peers: 0 }),
    });
    expect(faults.status).toBe(200);
  });
});
