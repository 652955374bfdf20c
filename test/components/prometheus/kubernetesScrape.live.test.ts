import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import type { KubernetesManifest } from "../../../components/platform/kubernetesManifests";
import { PROMETHEUS_CONFIG_DIR } from "../../../components/prometheus/config";
import { REPLICA_ENV } from "../../../components/prometheus/kubernetesScrape";
import { prometheusSpec } from "../../../components/prometheus/spec";
import type { StackSettings } from "../../../settings";
import { runTool } from "../../../harness/binaries";
import { prodKubernetesWith, prodSettings, renderedManifests } from "../../../harness/kubernetes";

interface SdConfig {
  role: string;
  namespaces?: { names: string[] };
  selectors?: { role: string; label: string }[];
}

interface Job {
  job_name: string;
  kubernetes_sd_configs?: SdConfig[];
  static_configs?: unknown[];
  relabel_configs?: {
    source_labels?: string[];
    regex?: string;
    target_label?: string;
    replacement?: string;
    action?: string;
  }[];
  authorization?: { credentials_file: string };
  tls_config?: { ca_file: string };
}

interface Config {
  global: { external_labels: Record<string, string> };
  alerting: {
    alert_relabel_configs?: { regex: string; action: string }[];
    alertmanagers: { static_configs: { targets: string[] }[] }[];
  };
  scrape_configs: Job[];
  remote_write?: { name: string; url: string }[];
}

const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

/** Fields of kubernetes_sd_config in the Prometheus docs (3.x) that this stack may use. */
const SD_FIELDS = ["role", "namespaces", "selectors", "api_server", "kubeconfig_file", "attach_metadata"];
const SD_ROLES = ["node", "pod", "service", "endpoints", "endpointslice", "ingress"];

function prometheusFiles(settings: StackSettings): { path: string; content: string }[] {
  return prometheusSpec(settings).configFiles.map((file) => ({
    path: file.path.slice(PROMETHEUS_CONFIG_DIR.length + 1),
    content: file.content,
  }));
}

function renderedConfig(settings: StackSettings): Config {
  const main = prometheusFiles(settings).find((file) => file.path === "prometheus.yml");
  if (main === undefined) throw new Error("no prometheus.yml");
  return parse(main.content) as Config;
}

const workDirs: string[] = [];
afterAll(() => {
  for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * Runs the real promtool (Prometheus 3) over the rendered config and rule files, kubernetes_sd_configs
 * included as rendered. Only the service-account token and CA paths are pointed at stand-in files, since
 * promtool checks that they exist.
 */
function promtoolCheck(
  settings: StackSettings,
  mutate: (config: Config) => void = () => undefined,
): { status: number; output: string } {
  const dir = mkdtempSync(join(tmpdir(), "k8s-prom-"));
  workDirs.push(dir);
  const accountDir = join(dir, "serviceaccount");
  mkdirSync(accountDir);
  writeFileSync(join(accountDir, "token"), "stand-in token\n");
  writeFileSync(join(accountDir, "ca.crt"), "");
  for (const file of prometheusFiles(settings)) {
    let content = file.content;
    if (file.path === "prometheus.yml") {
      const config = parse(content) as Config;
      mutate(config);
      content = stringify(config).replaceAll(SERVICE_ACCOUNT_DIR, accountDir);
    }
    const target = join(dir, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  const result = runTool("promtool", ["check", "config", join(dir, "prometheus.yml")]);
  return { status: result.status, output: result.stdout + result.stderr };
}

const WITH_EVERYTHING = prodSettings({
  ...prodKubernetesWith({
    cadvisor: "kubelet",
    xaiPods: {
      namespaces: ["xai", "xai-testnet"],
      annotation: "xai.io/scrape",
      labelSelector: "app=xai-node",
    },
    prometheus: {
      replicaLabel: "replica",
      remoteWrite: [
        { name: "mimir", url: "https://mimir.example.org/api/v1/push", keepMetricsRegex: "xai_.*|up" },
        { name: "thanos", url: "https://receive.example.org/api/v1/receive", maxShards: 10 },
      ],
    },
  }),
});

describe("prometheus.yml on Kubernetes", () => {
  for (const [variant, settings] of Object.entries({
    "Pulumi.prod.yaml": prodSettings(),
    "every option": WITH_EVERYTHING,
  })) {
    it(`passes promtool check config with its kubernetes_sd_configs as rendered: ${variant}`, () => {
      const result = promtoolCheck(settings);
      expect(result.output).toContain("SUCCESS");
      expect(result.status, result.output).toBe(0);
    });

    it(`uses only documented kubernetes_sd_config fields: ${variant}`, () => {
      const blocks = renderedConfig(settings).scrape_configs.flatMap(
        (job) => job.kubernetes_sd_configs ?? [],
      );
      expect(blocks.length).toBeGreaterThan(0);
      for (const block of blocks) {
        for (const key of Object.keys(block)) expect(SD_FIELDS).toContain(key);
        expect(SD_ROLES).toContain(block.role);
        if (block.namespaces) expect(Object.keys(block.namespaces)).toEqual(["names"]);
        for (const selector of block.selectors ?? []) {
          expect(selector.role).toBe(block.role);
          expect(selector.label).toMatch(/^[\w./-]+=[\w.-]+$/);
        }
      }
    });
  }

  it("promtool really rejects a broken kubernetes_sd_config (the check above reads the blocks)", () => {
    const result = promtoolCheck(WITH_EVERYTHING, (config) => {
      const job = config.scrape_configs.find((entry) => entry.kubernetes_sd_configs !== undefined);
      const block = job?.kubernetes_sd_configs?.[0];
      if (block === undefined) throw new Error("no kubernetes_sd_configs block rendered");
      block.role = "nonsense";
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/unknown Kubernetes SD role "nonsense"/);
  });

  it("promtool really rejects a broken config (the check above can fail)", () => {
    const result = promtoolCheck(WITH_EVERYTHING, (config) => {
      config.scrape_configs[0]?.relabel_configs?.push({
        source_labels: ["x"],
        regex: "(unclosed",
        action: "keep",
      });
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/missing closing \)/);
  });

  it("gives each replica of the HA pair its own replica label, from the pod name the platform sets", () => {
    const settings = prodSettings();
    expect(renderedConfig(settings).global.external_labels.replica).toBe(`\${${REPLICA_ENV}}`);
    const statefulSet = renderedManifests(settings).get("statefulset-prometheus.yaml");
    if (statefulSet?.kind !== "StatefulSet") throw new Error("no StatefulSet");
    expect(statefulSet.spec?.template.spec?.containers[0]?.env).toContainEqual({
      name: REPLICA_ENV,
      valueFrom: { fieldRef: { fieldPath: "metadata.name" } },
    });
  });

  it("drops the replica label from alerts, so Alertmanager merges the pair's duplicates", () => {
    const settings = prodSettings(
      prodKubernetesWith({ prometheus: { replicaLabel: "__replica__", remoteWrite: [] } }),
    );
    const config = renderedConfig(settings);
    expect(config.global.external_labels.__replica__).toBe(`\${${REPLICA_ENV}}`);
    expect(config.alerting.alert_relabel_configs).toEqual([{ regex: "__replica__", action: "labeldrop" }]);
  });

  it("sends alerts to every Alertmanager replica by its stable DNS name", () => {
    const settings = prodSettings();
    const targets = renderedConfig(settings).alerting.alertmanagers.flatMap((entry) =>
      entry.static_configs.flatMap((config) => config.targets),
    );
    expect(targets).toEqual(
      [0, 1, 2].map((index) => `alertmanager-${index}.alertmanager-headless.xai-observability.svc:9093`),
    );
    expect(renderedManifests(settings).has("service-alertmanager-headless.yaml")).toBe(true);
  });

  it("scrapes every pod of the stack's own workloads through the label and port the platform sets", () => {
    const settings = prodSettings();
    const manifests = renderedManifests(settings);
    const jobs = renderedConfig(settings).scrape_configs;
    for (const manifest of manifests.values()) {
      if (manifest.kind !== "StatefulSet" && manifest.kind !== "Deployment" && manifest.kind !== "DaemonSet")
        continue;
      const name = manifest.metadata?.name ?? "";
      const job = jobs.find((candidate) => candidate.job_name === name);
      const selector = job?.kubernetes_sd_configs?.[0]?.selectors?.[0]?.label ?? "";
      const [key, value] = selector.split("=");
      expect(manifest.spec?.template.metadata?.labels?.[key ?? ""], name).toBe(value);
      const keepPort = job?.relabel_configs?.find((rule) => rule.action === "keep")?.regex;
      expect(
        manifest.spec?.template.spec?.containers[0]?.ports?.map((port) => port.name),
        name,
      ).toContain(keepPort);
    }
  });

  it("reads container metrics from each kubelet's cAdvisor with the service-account token", () => {
    const cadvisor = renderedConfig(prodSettings()).scrape_configs.find((job) => job.job_name === "cadvisor");
    expect(cadvisor?.kubernetes_sd_configs).toEqual([{ role: "node" }]);
    expect(cadvisor?.authorization?.credentials_file).toBe(`${SERVICE_ACCOUNT_DIR}/token`);
    expect(cadvisor?.tls_config?.ca_file).toBe(`${SERVICE_ACCOUNT_DIR}/ca.crt`);
  });

  it("finds XAI node pods by label and annotation and reports them under the xai-node job", () => {
    const job = renderedConfig(WITH_EVERYTHING).scrape_configs.find(
      (candidate) => candidate.job_name === "xai-node-pods",
    );
    expect(job?.kubernetes_sd_configs).toEqual([
      {
        role: "pod",
        namespaces: { names: ["xai", "xai-testnet"] },
        selectors: [{ role: "pod", label: "app=xai-node" }],
      },
    ]);
    expect(job?.relabel_configs).toContainEqual({
      source_labels: ["__meta_kubernetes_pod_annotation_xai_io_scrape"],
      regex: "true",
      action: "keep",
    });
    expect(job?.relabel_configs).toContainEqual({ target_label: "job", replacement: "xai-node" });
  });

  it("renders remote_write targets from settings", () => {
    expect(renderedConfig(WITH_EVERYTHING).remote_write?.map((target) => target.name)).toEqual([
      "mimir",
      "thanos",
    ]);
    expect(renderedConfig(prodSettings()).remote_write).toBeUndefined();
  });

  it("holds RBAC for exactly the namespaces and resources its discovery reads", () => {
    const manifests = [...renderedManifests(WITH_EVERYTHING).values()];
    const roleNamespaces = manifests
      .filter((manifest): manifest is KubernetesManifest & { kind: "Role" } => manifest.kind === "Role")
      .filter((role) => role.metadata?.name?.includes("prometheus") === true)
      .map((role) => role.metadata?.namespace)
      .sort();
    expect(roleNamespaces).toEqual(["xai", "xai-observability", "xai-testnet"]);
    const clusterRole = manifests.find(
      (manifest) =>
        manifest.kind === "ClusterRole" &&
        manifest.metadata?.name === "xai-observability-prometheus-discovery",
    );
    if (clusterRole?.kind !== "ClusterRole") throw new Error("no ClusterRole");
    expect(clusterRole.rules?.flatMap((rule) => rule.resources)).toEqual(["nodes", "nodes/metrics"]);
  });
});
