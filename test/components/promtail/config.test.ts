import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  PROMTAIL_POSITIONS_DIR,
  renderPromtailConfig,
  type PromtailConfig,
  type PromtailScrapeConfig,
} from "../../../components/promtail/config";
import { stageName, type PipelineStage } from "../../../components/promtail/pipeline";
import { DOCKER_SOCKET_PATH } from "../../../components/dockerSocketProxy/config";
import { SERVICE_PORTS } from "../../../components/endpoints";
import { SYSLOG_PATH } from "../../../components/promtail/sources";
import { promtailSpec } from "../../../components/promtail/spec";
import { DEFAULT_IMAGES, type StackSettings } from "../../../settings";
import { testSettings, xaiNodesNamed } from "../../../harness/settings";

/** Structural checks of the rendered promtail.yaml, read back with a YAML parser (no Promtail binary here). */

const NODE_LOGS = [
  { node: "xai-node-1", directory: "/var/lib/xai/node-1/logs" },
  { node: "xai-node-2", network: "testnet", directory: "/srv/xai/logs" },
];

function settings(values: Record<string, unknown> = {}, logs: Record<string, unknown> = {}): StackSettings {
  return testSettings({
    xaiNodes: xaiNodesNamed("xai-node-1", "xai-node-2", "no"),
    logs: { xaiNodeLogs: NODE_LOGS, ...logs },
    ...values,
  });
}

function rendered(s: StackSettings): PromtailConfig {
  return parse(renderPromtailConfig(s)) as PromtailConfig;
}

function job(config: PromtailConfig, name: string): PromtailScrapeConfig {
  const found = config.scrape_configs.find((scrape) => scrape.job_name === name);
  if (!found) throw new Error(`job ${name} not in promtail.yaml`);
  return found;
}

const XAI_STAGE_ORDER = [
  "json",
  "timestamp",
  "template",
  "labels",
  "labels",
  "regex",
  "labels",
  "static_labels",
  "match",
  "template",
  "output",
];

describe("promtail.yaml: XAI node log files", () => {
  it("reads each node's live log file with every pipeline stage in order", () => {
    const config = rendered(settings());
    const first = job(config, "xai-node-xai-node-1");
    expect(first.static_configs?.[0]?.labels).toEqual({
      job: "xai-node",
      __path__: "/var/log/xai/xai-node-1/xai-node.log",
    });
    expect((first.pipeline_stages ?? []).map(stageName)).toEqual(XAI_STAGE_ORDER);
    expect(job(config, "xai-node-xai-node-2").pipeline_stages).toContainEqual({
      static_labels: { node: "xai-node-2", network: "testnet", environment: "dev" },
    });
  });

  it("inserts the DEBUG drop before the output stage when logs.dropDebug is on", () => {
    const stages =
      job(rendered(settings({}, { dropDebug: true })), "xai-node-xai-node-1").pipeline_stages ?? [];
    const names = stages.map(stageName);
    expect(names).toEqual([...XAI_STAGE_ORDER.slice(0, -2), "drop", "template", "output"]);
    expect(stages[names.indexOf("drop")]).toEqual({
      drop: { source: "level", value: "DEBUG", drop_counter_reason: "debug_level" },
    });
  });

  it("reads timestamps with an offset format, then a naive one in UTC", () => {
    const stages = job(rendered(settings()), "xai-node-xai-node-1").pipeline_stages ?? [];
    const timestamp = stages.find(
      (stage): stage is Extract<PipelineStage, { timestamp: unknown }> => "timestamp" in stage,
    );
    expect(timestamp?.timestamp).toEqual({
      source: "timestamp",
      format: "RFC3339Nano",
      fallback_formats: ["2006-01-02T15:04:05.999999999"],
      location: "UTC",
      action_on_failure: "fudge",
    });
    // Quoted in the YAML so Go's YAML decoder keeps the layout a string.
    expect(renderPromtailConfig(settings())).toContain('- "2006-01-02T15:04:05.999999999"');
  });

  it("never labels high-cardinality fields", () => {
    const stages = job(rendered(settings()), "xai-node-xai-node-1").pipeline_stages ?? [];
    const labelNames = stages.flatMap((stage) => ("labels" in stage ? Object.keys(stage.labels) : []));
    expect(labelNames.sort()).toEqual(["event", "level", "logger"]);
    for (const field of ["peer", "path", "block_height", "method", "status", "status_class"]) {
      expect(labelNames).not.toContain(field);
    }
  });
});

describe("promtail.yaml as YAML 1.1", () => {
  it("quotes values Go's YAML 1.1 decoder would not read as strings", () => {
    const text = renderPromtailConfig(
      settings({}, { xaiNodeLogs: [{ node: "no", network: "on", directory: "/var/lib/xai/logs" }] }),
    );
    expect(text).toContain('node: "no"');
    expect(text).toContain('network: "on"');
    expect(text).not.toMatch(/[&*]a\d/);
    const stages = job(
      rendered(settings({}, { xaiNodeLogs: [{ node: "no", directory: "/x" }] })),
      "xai-node-no",
    );
    expect(stages.pipeline_stages).toContainEqual({
      static_labels: { node: "no", network: "mainnet", environment: "dev" },
    });
  });
});

describe("promtail.yaml: containers and system logs on Docker", () => {
  it("discovers containers through the read-only socket proxy and labels container, service and stack", () => {
    const containers = job(rendered(settings()), "containers");
    expect(containers.docker_sd_configs?.[0]?.host).toBe(
      `tcp://docker-socket-proxy:${SERVICE_PORTS["docker-socket-proxy"]}`,
    );
    const targets = (containers.relabel_configs ?? []).map((rule) => rule.target_label);
    expect(targets).toEqual(expect.arrayContaining(["container", "service", "stack", "environment", "job"]));
    expect(containers.relabel_configs).toContainEqual({
      source_labels: ["__meta_docker_container_label_com_docker_compose_service"],
      regex: "(.+)",
      target_label: "service",
    });
  });

  it("gives Prometheus's own container logs their own job, and only there", () => {
    const config = rendered(settings());
    expect(job(config, "prometheus").relabel_configs).toContainEqual({
      source_labels: ["service"],
      regex: "prometheus",
      action: "keep",
    });
    expect(job(config, "containers").relabel_configs).toContainEqual({
      source_labels: ["service"],
      regex: "prometheus",
      action: "drop",
    });
  });

  it("reads the journal by default, /var/log/syslog on request, or neither", () => {
    expect(job(rendered(settings()), "systemd-journal").journal?.path).toBe("/var/log/journal");
    const syslog = job(rendered(settings({}, { systemLogs: "syslog" })), "syslog");
    expect(syslog.static_configs?.[0]?.labels.__path__).toBe(SYSLOG_PATH);
    const names = rendered(settings({}, { systemLogs: "off" })).scrape_configs.map(
      (scrape) => scrape.job_name,
    );
    expect(names).not.toContain("systemd-journal");
    expect(names).not.toContain("syslog");
  });

  it("keeps read positions on the positions volume", () => {
    const s = settings();
    const config = rendered(s);
    const spec = promtailSpec(s);
    expect(config.positions.filename.startsWith(`${PROMTAIL_POSITIONS_DIR}/`)).toBe(true);
    expect(spec.volumes.map((volume) => volume.mountPath)).toContain(PROMTAIL_POSITIONS_DIR);
  });
});

describe("promtail.yaml on Kubernetes", () => {
  it("tails /var/log/pods of its own node through pod discovery and the CRI parser", () => {
    const s = settings({ target: "kubernetes" });
    const config = rendered(s);
    const pods = job(config, "kubernetes-pods");
    expect(pods.kubernetes_sd_configs).toEqual([{ role: "pod" }]);
    expect(pods.pipeline_stages).toEqual([{ cri: {} }]);
    expect(pods.relabel_configs).toContainEqual({
      source_labels: ["__meta_kubernetes_pod_node_name"],
      target_label: "__host__",
    });
    expect(config.scrape_configs.map((scrape) => scrape.job_name)).not.toContain("containers");
    const spec = promtailSpec(s);
    expect(spec.workload.kind).toBe("per-host");
    expect(spec.apiAccess).toEqual([expect.objectContaining({ apiGroup: "", resources: ["pods"] })]);
    expect(spec.hostMounts.map((mount) => mount.hostPath)).toContain("/var/log/pods");
    expect(spec.hostMounts.map((mount) => mount.hostPath)).not.toContain(DOCKER_SOCKET_PATH);
  });
});

describe("Promtail service spec", () => {
  it("mounts every log path read-only, and never the Docker socket (it starts after the proxy)", () => {
    const spec = promtailSpec(settings());
    const byHost = new Map(spec.hostMounts.map((mount) => [mount.hostPath, mount]));
    expect(byHost.has(DOCKER_SOCKET_PATH)).toBe(false);
    expect(spec.startAfter).toEqual(["docker-socket-proxy"]);
    expect(byHost.get("/var/lib/xai/node-1/logs")).toMatchObject({
      containerPath: "/var/log/xai/xai-node-1",
      readOnly: true,
    });
    expect(byHost.get("/srv/xai/logs")?.containerPath).toBe("/var/log/xai/xai-node-2");
    expect(byHost.get("/var/log/journal")?.readOnly).toBe(true);
    expect(spec.hostMounts.every((mount) => mount.readOnly && mount.reason.length > 0)).toBe(true);
  });

  it("probes /ready with bash, because the image has no wget or curl", () => {
    const check = promtailSpec(settings()).healthCheck;
    expect(check.command[0]).toBe("bash");
    expect(check.command.join(" ")).toContain("/dev/tcp/127.0.0.1/9080");
    expect(check.command.join(" ")).toContain("GET /ready");
    expect(check.command.join(" ")).not.toMatch(/wget|curl/);
  });

  it("pins Promtail's last release line, 3.6, which reached end of life on 2026-03-02", () => {
    expect(DEFAULT_IMAGES.promtail).toMatch(/^grafana\/promtail:3\.6\.\d+$/);
  });
});
