import type { HostMount } from "../service";
import type { StackSettings } from "../../settings";
import type { XaiNodeLogSource } from "../../settings/logs";

/**
 * Where the log shipper (Promtail or Alloy) finds its inputs inside its container, and how container
 * metadata becomes labels. Shared by both shippers and by their ServiceSpecs, so mounts and configs agree.
 */

/** XAI node log directories are mounted read-only below this root, one folder per node. */
export const XAI_LOG_MOUNT_ROOT = "/var/log/xai";

/** Only the live file: RotatingFileHandler renames it on rotation and the tailer follows the rename. */
export const XAI_LOG_FILE = "xai-node.log";

export function xaiLogMountPath(source: XaiNodeLogSource): string {
  return `${XAI_LOG_MOUNT_ROOT}/${source.node}`;
}

export function xaiLogFilePath(source: XaiNodeLogSource): string {
  return `${xaiLogMountPath(source)}/${XAI_LOG_FILE}`;
}

export const JOURNAL_PATH = "/var/log/journal";
/** The host's /var/log, mounted as a directory so the shipper sees the new syslog file after rotation. */
export const HOST_VAR_LOG_MOUNT = "/host/var/log";
export const SYSLOG_PATH = `${HOST_VAR_LOG_MOUNT}/syslog`;
/** Kubernetes container logs on each node. */
export const POD_LOGS_PATH = "/var/log/pods";

/** The `job` label of each source. */
export const JOBS = {
  xaiNode: "xai-node",
  containers: "containers",
  prometheus: "prometheus",
  journal: "systemd-journal",
  syslog: "syslog",
  pods: "kubernetes-pods",
} as const;

/** Name of the service whose container logs get their own job (and are left out of `containers`). */
export const PROMETHEUS_SERVICE = "prometheus";

/** A Prometheus-style relabel rule, the common shape of Promtail relabel_configs and Alloy `rule` blocks. */
export interface RelabelRule {
  readonly source_labels?: readonly string[];
  readonly separator?: string;
  readonly regex?: string;
  readonly target_label?: string;
  readonly replacement?: string;
  readonly action?: "replace" | "keep" | "drop" | "labelmap";
}

/** Labels the Docker platform sets on every container it runs (components/platform/docker.ts). */
const STACK_SERVICE_LABEL = "__meta_docker_container_label_xai_observability_service";
const STACK_NAME_LABEL = "__meta_docker_container_label_xai_observability_stack";

/**
 * Docker metadata to labels: `container` (name without the leading slash); `service` from the compose
 * service label, else this stack's service label, else the container name; `stack` from the compose
 * project label, else this stack's name label. Later rules win only when their source is non-empty.
 */
export function dockerLabelRules(environment: string): RelabelRule[] {
  return [
    { source_labels: ["__meta_docker_container_name"], regex: "/?(.*)", target_label: "container" },
    { source_labels: ["__meta_docker_container_name"], regex: "/?(.*)", target_label: "service" },
    { source_labels: [STACK_SERVICE_LABEL], regex: "(.+)", target_label: "service" },
    {
      source_labels: ["__meta_docker_container_label_com_docker_compose_service"],
      regex: "(.+)",
      target_label: "service",
    },
    { source_labels: [STACK_NAME_LABEL], regex: "(.+)", target_label: "stack" },
    {
      source_labels: ["__meta_docker_container_label_com_docker_compose_project"],
      regex: "(.+)",
      target_label: "stack",
    },
    { target_label: "environment", replacement: environment },
  ];
}

/** Keeps (or drops) Prometheus's container, matched by the service label set above. */
export function prometheusContainerRule(action: "keep" | "drop"): RelabelRule {
  return { source_labels: ["service"], regex: PROMETHEUS_SERVICE, action };
}

export function journalLabelRules(): RelabelRule[] {
  return [
    { source_labels: ["__journal__systemd_unit"], target_label: "unit" },
    { source_labels: ["__journal_priority_keyword"], target_label: "level" },
  ];
}

/** Kubernetes pod metadata to labels and the pod's log files under /var/log/pods. */
export function podLabelRules(environment: string): RelabelRule[] {
  return [
    { source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace" },
    { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" },
    { source_labels: ["__meta_kubernetes_pod_container_name"], target_label: "container" },
    {
      source_labels: ["__meta_kubernetes_pod_label_app_kubernetes_io_name"],
      regex: "(.+)",
      target_label: "service",
    },
    {
      source_labels: ["__meta_kubernetes_pod_uid", "__meta_kubernetes_pod_container_name"],
      separator: "/",
      regex: "(.+)",
      replacement: `${POD_LOGS_PATH}/*$1/*.log`,
      target_label: "__path__",
    },
    { target_label: "environment", replacement: environment },
  ];
}

/** Host paths the shipper reads, all read-only: it never writes to anything it ships. */
export function shipperHostMounts(settings: StackSettings): HostMount[] {
  const mounts: HostMount[] = settings.logs.xaiNodeLogs.map((source) => ({
    hostPath: source.directory,
    containerPath: xaiLogMountPath(source),
    readOnly: true,
    reason: `reads the JSON log files of XAI node ${source.node}`,
  }));
  if (settings.target === "kubernetes") {
    mounts.push({
      hostPath: POD_LOGS_PATH,
      containerPath: POD_LOGS_PATH,
      readOnly: true,
      reason: "reads the container logs of the pods on its node",
    });
  }
  if (settings.logs.systemLogs === "journal") {
    mounts.push(
      {
        hostPath: JOURNAL_PATH,
        containerPath: JOURNAL_PATH,
        readOnly: true,
        reason: "reads the systemd journal",
      },
      {
        hostPath: "/etc/machine-id",
        containerPath: "/etc/machine-id",
        readOnly: true,
        reason: "the journal reader locates this host's journal files by machine id",
      },
    );
  } else if (settings.logs.systemLogs === "syslog") {
    mounts.push({
      hostPath: "/var/log",
      containerPath: HOST_VAR_LOG_MOUNT,
      readOnly: true,
      reason: "reads /var/log/syslog (the directory, so rotation is followed)",
    });
  }
  return mounts;
}

/** Kubernetes API reads for pod discovery (RBAC on Kubernetes, ignored by Docker). */
export function shipperApiAccess(
  settings: StackSettings,
): { apiGroup: string; resources: string[]; reason: string }[] {
  return settings.target === "kubernetes"
    ? [
        {
          apiGroup: "",
          resources: ["pods"],
          reason: "discovers the pods on its node to label their log files",
        },
      ]
    : [];
}
