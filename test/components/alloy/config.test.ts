import { describe, expect, it } from "vitest";
import { renderAlloyConfig } from "../../../components/alloy/config";
import { ALLOY_DATA_DIR, alloySpec } from "../../../components/alloy/spec";
import { SERVICE_PORTS } from "../../../components/endpoints";
import { promtailSpec } from "../../../components/promtail/spec";
import { type StackSettings } from "../../../settings";
import { nodeLogSettings } from "../../../harness/settings";

/**
 * Structural checks of the rendered config.alloy (no Alloy binary here): the components it declares, the
 * references between them, and the pipeline stages in order. The pipeline's behaviour on real lines is
 * covered by logPipeline.test.ts.
 */

function settings(values: Record<string, unknown> = {}, logs: Record<string, unknown> = {}): StackSettings {
  return nodeLogSettings(values, { shipper: "alloy", ...logs });
}

/** `kind "label"` of every top-level component. */
function components(config: string): string[] {
  return [...config.matchAll(/^([a-z_.]+) "([A-Za-z0-9_]+)" \{$/gm)].map(
    (match) => `${match[1]}.${match[2]}`,
  );
}

/** The body of one top-level component, up to its closing brace at column 0. */
function componentBody(config: string, component: string): string {
  const [kind, label] = [
    component.slice(0, component.lastIndexOf(".")),
    component.slice(component.lastIndexOf(".") + 1),
  ];
  const body = new RegExp(`^${kind.replaceAll(".", "\\.")} "${label}" \\{\\n([\\s\\S]*?)^\\}$`, "m").exec(
    config,
  )?.[1];
  if (body === undefined) throw new Error(`${component} not in config.alloy`);
  return body;
}

describe("config.alloy", () => {
  it("has balanced braces and only references components it declares", () => {
    for (const s of [
      settings(),
      settings({ target: "kubernetes" }),
      settings({}, { systemLogs: "syslog" }),
    ]) {
      const config = renderAlloyConfig(s);
      expect(config.split("{").length).toBe(config.split("}").length);
      const declared = new Set(components(config));
      const referenced = [
        ...config.matchAll(
          /\b((?:loki|local|discovery)\.[a-z_.]+?\.[A-Za-z0-9_]+)\.(receiver|targets|output|rules)\b/g,
        ),
      ].map((match) => match[1] ?? "");
      expect(referenced.length).toBeGreaterThan(0);
      for (const reference of referenced) expect(declared).toContain(reference);
    }
  });

  it("runs the XAI node pipeline with every stage in the same order as Promtail", () => {
    const body = componentBody(
      renderAlloyConfig(settings({}, { dropDebug: true })),
      "loki.process.xai_node_1",
    );
    const topLevelStages = [...body.matchAll(/^ {2}(stage\.[a-z_]+) \{/gm)].map((match) => match[1]);
    expect(topLevelStages).toEqual([
      "stage.json",
      "stage.timestamp",
      "stage.template",
      "stage.labels",
      "stage.labels",
      "stage.regex",
      "stage.labels",
      "stage.static_labels",
      "stage.match",
      "stage.drop",
      "stage.template",
      "stage.output",
    ]);
    expect(body).toContain('selector = "{event=\\"api\\"}"');
    expect(body).toMatch(
      /stage\.structured_metadata \{\n\s+values = \{\n\s+method = "method",\n\s+status_class = "status_class",/,
    );
    expect(body).toMatch(/forward_to = \[loki\.write\.default\.receiver\]\n$/);
  });

  it("reads the same sources as Promtail: node files, containers, Prometheus's container, the journal", () => {
    const config = renderAlloyConfig(settings());
    expect(components(config)).toEqual([
      "local.file_match.xai_node_1",
      "loki.source.file.xai_node_1",
      "loki.process.xai_node_1",
      "discovery.docker.containers",
      "discovery.relabel.containers",
      "loki.source.docker.containers",
      "discovery.relabel.prometheus",
      "loki.source.docker.prometheus",
      "loki.process.prometheus",
      "discovery.relabel.journal",
      "loki.source.journal.system",
      "loki.write.default",
    ]);
    expect(componentBody(config, "local.file_match.xai_node_1")).toContain(
      '__path__ = "/var/log/xai/xai-node-1/xai-node.log"',
    );
    expect(componentBody(config, "discovery.docker.containers")).toContain(
      `host = "tcp://docker-socket-proxy:${SERVICE_PORTS["docker-socket-proxy"]}"`,
    );
    expect(componentBody(config, "loki.write.default")).toContain(
      'url = "http://loki:3100/loki/api/v1/push"',
    );
  });

  it("discovers only its own node's pods on Kubernetes and parses CRI lines", () => {
    const config = renderAlloyConfig(settings({ target: "kubernetes" }));
    expect(components(config)).toContain("discovery.kubernetes.pods");
    expect(components(config)).not.toContain("discovery.docker.containers");
    expect(componentBody(config, "discovery.kubernetes.pods")).toContain(
      'field = string.format("spec.nodeName=%s", sys.env("HOSTNAME"))',
    );
    expect(componentBody(config, "loki.process.pods")).toContain("stage.cri { }");
  });
});

describe("Alloy service spec", () => {
  it("keeps positions in its storage path on a volume and mounts the same read-only paths as Promtail", () => {
    const s = settings();
    const spec = alloySpec(s);
    expect(spec.args).toContain(`--storage.path=${ALLOY_DATA_DIR}`);
    expect(spec.volumes.map((volume) => volume.mountPath)).toEqual([ALLOY_DATA_DIR]);
    expect(spec.hostMounts).toEqual(promtailSpec(s).hostMounts);
    expect(spec.hostMounts.every((mount) => mount.readOnly)).toBe(true);
    expect(spec.configFiles[0]?.content).toBe(renderAlloyConfig(s));
  });

  it("listens beyond loopback so Prometheus can scrape it, and probes readiness with bash", () => {
    const spec = alloySpec(settings());
    expect(spec.args).toContain("--server.http.listen-addr=0.0.0.0:12345");
    expect(spec.healthCheck.command[0]).toBe("bash");
    expect(spec.healthCheck.command.join(" ")).toContain("GET /-/ready");
  });
});
