import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PROMETHEUS_CONFIG_DIR, renderPrometheusConfig } from "../../../components/prometheus/config";
import { prometheusSpec, retentionFlags } from "../../../components/prometheus/spec";
import { type StackSettings } from "../../../settings";
import { runTool } from "../../../harness/binaries";
import { testSettings } from "../../../harness/settings";

interface RenderedConfig {
  global: { scrape_interval: string; evaluation_interval: string; external_labels: Record<string, string> };
  alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
  rule_files: string[];
  scrape_configs: {
    job_name: string;
    static_configs: { targets: string[]; labels?: Record<string, string> }[];
    fallback_scrape_protocol?: string;
  }[];
}

function rendered(settings: StackSettings): RenderedConfig {
  return parse(renderPrometheusConfig(settings)) as RenderedConfig;
}

function jobNames(settings: StackSettings): string[] {
  return rendered(settings).scrape_configs.map((job) => job.job_name);
}

const FULL = {
  scrapeInterval: "30s",
  evaluationInterval: "1m",
  environment: "staging",
  cluster: "eu-1",
  xaiNodes: [
    {
      name: "xai-node-1",
      address: "10.0.0.5:8000",
      network: "mainnet",
      labels: { region: "eu" },
    },
    { name: "xai-node-2", address: "[fd00::2]:8000", network: "testnet" },
  ],
  exporters: {
    postgres: ["db:9187"],
    redis: ["cache:9121"],
    validators: ["validator-1:9200", "validator-2:9200"],
    dockerEngine: ["host.docker.internal:9323"],
  },
};

describe("renderPrometheusConfig", () => {
  it("sets intervals and the environment and cluster external labels", () => {
    const config = rendered(testSettings(FULL));
    expect(config.global).toEqual({
      scrape_interval: "30s",
      evaluation_interval: "1m",
      external_labels: { environment: "staging", cluster: "eu-1" },
    });
  });

  it("sends alerts to Alertmanager and loads rules from the folder beside the config", () => {
    const config = rendered(testSettings({}));
    expect(config.alerting.alertmanagers).toEqual([{ static_configs: [{ targets: ["alertmanager:9093"] }] }]);
    expect(config.rule_files).toEqual(["rules/*.yml"]);
  });

  it("scrapes the core services, the profiles that are on, and the xai-node job", () => {
    expect(jobNames(testSettings({}))).toEqual([
      "prometheus",
      "alertmanager",
      "grafana",
      "node-exporter",
      "cadvisor",
      "loki",
      "alloy",
      "xai-node",
    ]);
  });

  it("tells Prometheus 3 how to read an XAI node that answers without a usable Content-Type", () => {
    const config = rendered(testSettings({}));
    const xaiNode = config.scrape_configs.find((job) => job.job_name === "xai-node");
    expect(xaiNode?.fallback_scrape_protocol).toBe("PrometheusText0.0.4");
  });

  it("leaves out cAdvisor, Loki and the shipper when their profiles are off", () => {
    const names = jobNames(testSettings({ logs: { enabled: false }, containers: { enabled: false } }));
    expect(names).toEqual(["prometheus", "alertmanager", "grafana", "node-exporter", "xai-node"]);
  });

  it("scrapes the legacy Promtail instead of Alloy when Promtail ships the logs", () => {
    const config = rendered(testSettings({ logs: { enabled: true, shipper: "promtail" } }));
    const promtail = config.scrape_configs.find((job) => job.job_name === "promtail");
    expect(promtail?.static_configs).toEqual([{ targets: ["promtail:9080"] }]);
    expect(config.scrape_configs.some((job) => job.job_name === "alloy")).toBe(false);
  });

  it("labels each XAI node target with its node name and network (settings refuse user labels of those names)", () => {
    const job = rendered(testSettings(FULL)).scrape_configs.find((entry) => entry.job_name === "xai-node");
    expect(job?.static_configs).toEqual([
      { targets: ["10.0.0.5:8000"], labels: { region: "eu", node: "xai-node-1", network: "mainnet" } },
      { targets: ["[fd00::2]:8000"], labels: { node: "xai-node-2", network: "testnet" } },
    ]);
  });

  it("scrapes the demo node in place of Pulumi.dev.yaml's placeholder node, so the demo starts quiet", () => {
    const placeholder = { name: "xai-node-1", address: "host.docker.internal:8000", network: "testnet" };
    const real = { name: "xai-node-2", address: "10.0.0.7:8000" };
    const targetsOf = (settings: StackSettings): string[] =>
      (
        rendered(settings).scrape_configs.find((entry) => entry.job_name === "xai-node")?.static_configs ?? []
      ).flatMap((entry) => entry.targets);
    expect(targetsOf(testSettings({ demoNode: true, xaiNodes: [placeholder, real] }))).toEqual([
      "10.0.0.7:8000",
      "xai-demo-node:8000",
    ]);
    expect(targetsOf(testSettings({ demoNode: false, xaiNodes: [placeholder] }))).toEqual([
      "host.docker.internal:8000",
    ]);
  });

  it("adds the optional exporter jobs only when they have targets", () => {
    expect(jobNames(testSettings({}))).not.toEqual(
      expect.arrayContaining(["postgres", "redis", "validators", "docker-engine"]),
    );
    const config = rendered(testSettings(FULL));
    const targets = Object.fromEntries(
      config.scrape_configs.map((job) => [
        job.job_name,
        job.static_configs.flatMap((entry) => entry.targets),
      ]),
    );
    expect(targets).toMatchObject({
      postgres: ["db:9187"],
      redis: ["cache:9121"],
      validators: ["validator-1:9200", "validator-2:9200"],
      "docker-engine": ["host.docker.internal:9323"],
    });
  });
});

describe("Prometheus retention flags", () => {
  it("defaults to 30 days, as a flag", () => {
    expect(retentionFlags(testSettings({}))).toEqual(["--storage.tsdb.retention.time=30d"]);
  });

  it("adds the size cap when one is set", () => {
    expect(
      retentionFlags(testSettings({ retention: { prometheusTime: "15d", prometheusSize: "45GB" } })),
    ).toEqual(["--storage.tsdb.retention.time=15d", "--storage.tsdb.retention.size=45GB"]);
  });

  it("are the flags the Prometheus container runs with", () => {
    const args = prometheusSpec(testSettings({})).args;
    expect(args).toContain("--storage.tsdb.retention.time=30d");
    expect(args).toContain("--web.enable-lifecycle");
    expect(args).toContain(`--config.file=${PROMETHEUS_CONFIG_DIR}/prometheus.yml`);
  });
});

describe("promtool check config (Prometheus 3, the tested binary)", () => {
  const workDirs: string[] = [];
  afterAll(() => {
    for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
  });

  /** Writes the Prometheus spec's config files (prometheus.yml and rules/) as the container sees them. */
  function writeConfigDir(settings: StackSettings, extraRuleFiles: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), "prometheus-config-"));
    workDirs.push(dir);
    const files = prometheusSpec(settings).configFiles.map((file) => ({
      relativePath: file.path.slice(PROMETHEUS_CONFIG_DIR.length + 1),
      content: file.content,
    }));
    for (const [name, content] of Object.entries(extraRuleFiles)) {
      files.push({ relativePath: `rules/${name}`, content });
    }
    for (const file of files) {
      mkdirSync(dirname(join(dir, file.relativePath)), { recursive: true });
      writeFileSync(join(dir, file.relativePath), file.content);
    }
    return dir;
  }

  const SAMPLE_RULES = [
    "groups:",
    "  - name: foundation-sample",
    "    rules:",
    "      - record: job:up:sum",
    "        expr: sum by (job) (up)",
    "",
  ].join("\n");

  it("accepts the full configuration with its rule files present", () => {
    const dir = writeConfigDir(testSettings(FULL), { "foundation-sample.yml": SAMPLE_RULES });
    const result = runTool("promtool", ["check", "config", "prometheus.yml"], { cwd: dir });
    expect(result.stderr + result.stdout).toMatch(/SUCCESS: prometheus\.yml is valid/);
    expect(result.stdout).toMatch(/SUCCESS: \d+ rules found/);
    expect(result.status).toBe(0);
  });

  it("accepts the minimal configuration (no nodes, profiles off)", () => {
    const dir = writeConfigDir(testSettings({ logs: { enabled: false }, containers: { enabled: false } }), {
      "foundation-sample.yml": SAMPLE_RULES,
    });
    const result = runTool("promtool", ["check", "config", "prometheus.yml"], { cwd: dir });
    expect(result.status, result.stderr).toBe(0);
  });

  it("really loads the rule files it points at (a broken one fails the check)", () => {
    const dir = writeConfigDir(testSettings({}), {
      "broken.yml": "groups:\n  - name: broken\n    rules:\n      - record: x\n",
    });
    const result = runTool("promtool", ["check", "config", "prometheus.yml"], { cwd: dir });
    expect(result.status).not.toBe(0);
    expect(result.stderr + result.stdout).toContain("broken.yml");
  });
});
