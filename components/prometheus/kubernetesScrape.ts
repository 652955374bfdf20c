import { XAI_FALLBACK_SCRAPE_PROTOCOL } from "../../metrics";
import { SERVICE_PORTS, replicaHost, selectorLabels } from "../endpoints";
import type { ApiReadAccess, ServiceSpec } from "../service";
import { SERVICE_NAMES, type ServiceName, type StackSettings } from "../../settings";

/**
 * The Kubernetes parts of prometheus.yml (target kubernetes): the stack's own services are found per pod
 * (every replica and every DaemonSet pod is a target), XAI node pods by label or annotation, container
 * metrics from each kubelet's cAdvisor, every Alertmanager replica, a per-replica external label and
 * remote_write.
 */

/** Every service names its metrics port `http` (see the spec builders). */
const METRICS_PORT_NAME = "http";
const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";
/** The platform sets this to the pod name (ServiceSpec.replicaIdentityEnv). */
export const REPLICA_ENV = "POD_NAME";

interface RelabelConfig {
  source_labels?: string[];
  separator?: string;
  regex?: string;
  target_label?: string;
  replacement?: string;
  action?: "replace" | "keep" | "drop" | "labelmap";
}

interface KubernetesSdConfig {
  role: "pod" | "node";
  namespaces?: { names: string[] };
  selectors?: { role: "pod"; label: string }[];
}

export interface KubernetesScrapeConfig {
  job_name: string;
  scheme?: "https";
  metrics_path?: string;
  authorization?: { credentials_file: string };
  tls_config?: { ca_file: string };
  kubernetes_sd_configs: KubernetesSdConfig[];
  relabel_configs: RelabelConfig[];
  metric_relabel_configs?: RelabelConfig[];
  fallback_scrape_protocol?: string;
}

interface NamedJob {
  job_name: string;
}

/** What the generic renderer produces and this module adjusts. */
export interface PrometheusConfigShape<Job extends NamedJob> {
  global: { external_labels: Record<string, string> };
  scrape_configs: readonly Job[];
}

/** Label name Prometheus derives from a Kubernetes label or annotation name. */
function metaName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, "_");
}

function isServiceName(jobName: string): jobName is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(jobName);
}

/** Pods of one of the stack's own services, each replica a target named after its pod. */
function stackServiceJob(settings: StackSettings, service: ServiceName): KubernetesScrapeConfig {
  const [nameLabel, nameValue] = Object.entries(selectorLabels(service))[0] ?? ["", ""];
  return {
    job_name: service,
    kubernetes_sd_configs: [
      {
        role: "pod",
        namespaces: { names: [settings.kubernetes.namespace] },
        selectors: [{ role: "pod", label: `${nameLabel}=${nameValue}` }],
      },
    ],
    relabel_configs: [
      {
        source_labels: ["__meta_kubernetes_pod_container_port_name"],
        regex: METRICS_PORT_NAME,
        action: "keep",
      },
      { source_labels: ["__meta_kubernetes_pod_name"], target_label: "instance" },
      { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" },
      { source_labels: ["__meta_kubernetes_pod_node_name"], target_label: "kubernetes_node" },
    ],
  };
}

/** Container metrics from the cAdvisor built into every kubelet (cadvisor: kubelet). */
function kubeletCadvisorJob(): KubernetesScrapeConfig {
  return {
    job_name: "cadvisor",
    scheme: "https",
    metrics_path: "/metrics/cadvisor",
    authorization: { credentials_file: `${SERVICE_ACCOUNT_DIR}/token` },
    tls_config: { ca_file: `${SERVICE_ACCOUNT_DIR}/ca.crt` },
    kubernetes_sd_configs: [{ role: "node" }],
    relabel_configs: [{ source_labels: ["__meta_kubernetes_node_name"], target_label: "instance" }],
    metric_relabel_configs: [
      // Rules and dashboards name containers by `name`, as the standalone cAdvisor does; the kubelet
      // reports a runtime id there, so use namespace/pod/container instead.
      {
        source_labels: ["namespace", "pod", "container"],
        separator: ";",
        regex: "(.+);(.+);(.+)",
        target_label: "name",
        replacement: "$1/$2/$3",
      },
      // The pause container carries no workload.
      { source_labels: ["container"], regex: "POD", action: "drop" },
    ],
  };
}

/** XAI node pods anywhere the settings say, found by label selector and/or annotation. */
function xaiPodJob(settings: StackSettings): KubernetesScrapeConfig {
  const pods = settings.kubernetes.xaiPods;
  const relabel: RelabelConfig[] = [
    { source_labels: ["__meta_kubernetes_pod_phase"], regex: "Running", action: "keep" },
    { source_labels: ["__meta_kubernetes_pod_container_port_name"], regex: pods.portName, action: "keep" },
  ];
  if (pods.annotation !== undefined) {
    relabel.push({
      source_labels: [`__meta_kubernetes_pod_annotation_${metaName(pods.annotation)}`],
      regex: "true",
      action: "keep",
    });
  }
  relabel.push(
    // Same job as the static targets, so rules and dashboards see one population of nodes.
    { target_label: "job", replacement: "xai-node" },
    { target_label: "__metrics_path__", replacement: pods.metricsPath },
    { source_labels: ["__meta_kubernetes_pod_name"], target_label: "instance" },
    { source_labels: ["__meta_kubernetes_pod_name"], target_label: "node" },
    { source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace" },
    // network: the pod's `network` label when present, else mainnet (the static targets' default).
    { target_label: "network", replacement: "mainnet" },
    { source_labels: ["__meta_kubernetes_pod_label_network"], regex: "(.+)", target_label: "network" },
  );
  return {
    job_name: "xai-node-pods",
    fallback_scrape_protocol: XAI_FALLBACK_SCRAPE_PROTOCOL,
    kubernetes_sd_configs: [
      {
        role: "pod",
        ...(pods.namespaces.length > 0 ? { namespaces: { names: [...pods.namespaces] } } : {}),
        ...(pods.labelSelector !== undefined
          ? { selectors: [{ role: "pod" as const, label: pods.labelSelector }] }
          : {}),
      },
    ],
    relabel_configs: relabel,
  };
}

export function kubernetesScrapeConfigs<Job extends NamedJob>(
  settings: StackSettings,
  staticJobs: readonly Job[],
): (KubernetesScrapeConfig | Job)[] {
  const jobs = staticJobs.map((job): KubernetesScrapeConfig | Job => {
    if (!isServiceName(job.job_name)) return job;
    if (job.job_name === "cadvisor" && settings.kubernetes.cadvisor === "kubelet")
      return kubeletCadvisorJob();
    return stackServiceJob(settings, job.job_name);
  });
  if (settings.kubernetes.xaiPods.enabled) jobs.push(xaiPodJob(settings));
  return jobs;
}

/** prometheus.yml for target kubernetes: the generic config with the Kubernetes parts swapped in. */
export function forKubernetes<Job extends NamedJob>(
  config: PrometheusConfigShape<Job>,
  settings: StackSettings,
): Record<string, unknown> {
  const { namespace, replicas, prometheus } = settings.kubernetes;
  const alertmanagers = Array.from(
    { length: replicas.alertmanager },
    (_unused, index) => `${replicaHost("alertmanager", index, namespace)}:${SERVICE_PORTS.alertmanager}`,
  );
  return {
    ...config,
    global: {
      ...config.global,
      external_labels: {
        ...config.global.external_labels,
        // Prometheus 3 expands ${VAR} in external labels: each replica of the HA pair gets its pod name.
        [prometheus.replicaLabel]: `\${${REPLICA_ENV}}`,
      },
    },
    alerting: {
      // Both Prometheus replicas fire the same alerts; without the replica label they are identical,
      // so Alertmanager deduplicates them into one notification.
      alert_relabel_configs: [{ regex: prometheus.replicaLabel, action: "labeldrop" }],
      // Every Alertmanager replica, so an alert survives any one of them being down.
      alertmanagers: [{ static_configs: [{ targets: alertmanagers }] }],
    },
    scrape_configs: kubernetesScrapeConfigs(settings, config.scrape_configs),
    ...(prometheus.remoteWrite.length > 0
      ? {
          remote_write: prometheus.remoteWrite.map((target) => ({
            name: target.name,
            url: target.url,
            queue_config: { max_shards: target.maxShards },
            ...(target.keepMetricsRegex !== undefined
              ? {
                  write_relabel_configs: [
                    { source_labels: ["__name__"], regex: target.keepMetricsRegex, action: "keep" },
                  ],
                }
              : {}),
          })),
        }
      : {}),
  };
}

/** The read-only API access the scrape jobs above need; nothing more. */
export function prometheusApiAccess(settings: StackSettings): ApiReadAccess[] {
  const { namespace, xaiPods, cadvisor } = settings.kubernetes;
  const access: ApiReadAccess[] = [
    {
      apiGroup: "",
      resources: ["pods"],
      namespaces: [namespace],
      reason: "find the stack's own pods to scrape",
    },
  ];
  if (xaiPods.enabled) {
    access.push({
      apiGroup: "",
      resources: ["pods"],
      ...(xaiPods.namespaces.length > 0
        ? { namespaces: xaiPods.namespaces.filter((name) => name !== namespace) }
        : {}),
      reason: "discover XAI node pods",
    });
  }
  if (settings.containers.enabled && cadvisor === "kubelet") {
    access.push({
      apiGroup: "",
      resources: ["nodes", "nodes/metrics"],
      reason: "list nodes and read each kubelet's cAdvisor metrics",
    });
  }
  return access.filter((rule) => rule.namespaces === undefined || rule.namespaces.length > 0);
}

/** The Prometheus spec's Kubernetes needs; nothing on other targets. */
export function prometheusPlatformNeeds(
  settings: StackSettings,
): Pick<ServiceSpec, "apiAccess" | "replicaIdentityEnv"> {
  if (settings.target !== "kubernetes") return {};
  return { apiAccess: prometheusApiAccess(settings), replicaIdentityEnv: REPLICA_ENV };
}

/** Whether the standalone cAdvisor runs as a service; on Kubernetes the kubelet's is the default. */
export function runsStandaloneCadvisor(settings: StackSettings): boolean {
  if (!settings.containers.enabled) return false;
  return settings.target !== "kubernetes" || settings.kubernetes.cadvisor === "daemonset";
}
