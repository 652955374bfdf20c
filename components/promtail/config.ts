import { DOCKER_API_HOST } from "../dockerSocketProxy/config";
import { LOKI_PUSH_URL } from "../loki/config";
import { SERVICE_PORTS } from "../endpoints";
import { stringifyForGo } from "../loki/yaml";
import type { StackSettings } from "../../settings";
import { prometheusPipeline, xaiNodePipeline, type PipelineStage } from "./pipeline";
import {
  JOBS,
  JOURNAL_PATH,
  SYSLOG_PATH,
  dockerLabelRules,
  journalLabelRules,
  podLabelRules,
  prometheusContainerRule,
  xaiLogFilePath,
  type RelabelRule,
} from "./sources";

export const PROMTAIL_POSITIONS_DIR = "/var/lib/promtail";
export const PROMTAIL_CONFIG_DIR = "/etc/promtail";
export const PROMTAIL_CONFIG_PATH = `${PROMTAIL_CONFIG_DIR}/promtail.yaml`;

export interface PromtailScrapeConfig {
  readonly job_name: string;
  readonly static_configs?: readonly { targets: string[]; labels: Record<string, string> }[];
  readonly docker_sd_configs?: readonly {
    host: string;
    refresh_interval: string;
    filters?: { name: string; values: string[] }[];
  }[];
  readonly kubernetes_sd_configs?: readonly { role: "pod" }[];
  readonly journal?: { path: string; max_age: string; labels: Record<string, string> };
  readonly relabel_configs?: readonly RelabelRule[];
  readonly pipeline_stages?: readonly PipelineStage[];
}

export interface PromtailConfig {
  readonly server: { http_listen_port: number; grpc_listen_port: number; log_level: string };
  readonly positions: { filename: string; sync_period: string };
  readonly clients: readonly { url: string; batchwait: string; batchsize: number }[];
  readonly scrape_configs: readonly PromtailScrapeConfig[];
}

function xaiNodeJobs(settings: StackSettings): PromtailScrapeConfig[] {
  return settings.logs.xaiNodeLogs.map((source) => ({
    job_name: `${JOBS.xaiNode}-${source.node}`,
    static_configs: [
      { targets: ["localhost"], labels: { job: JOBS.xaiNode, __path__: xaiLogFilePath(source) } },
    ],
    pipeline_stages: xaiNodePipeline(settings, source),
  }));
}

function dockerJobs(settings: StackSettings): PromtailScrapeConfig[] {
  const discovery = [{ host: DOCKER_API_HOST, refresh_interval: "15s" }];
  const labels = dockerLabelRules(settings.environment);
  return [
    {
      job_name: JOBS.containers,
      docker_sd_configs: discovery,
      relabel_configs: [
        ...labels,
        prometheusContainerRule("drop"),
        { target_label: "job", replacement: JOBS.containers },
      ],
    },
    {
      job_name: JOBS.prometheus,
      docker_sd_configs: discovery,
      relabel_configs: [
        ...labels,
        prometheusContainerRule("keep"),
        { target_label: "job", replacement: JOBS.prometheus },
      ],
      pipeline_stages: prometheusPipeline(),
    },
  ];
}

/** On Kubernetes the shipper is a DaemonSet: it reads this node's pods from /var/log/pods. */
function podJobs(settings: StackSettings): PromtailScrapeConfig[] {
  return [
    {
      job_name: JOBS.pods,
      kubernetes_sd_configs: [{ role: "pod" }],
      relabel_configs: [
        // Promtail tails only targets whose __host__ equals its HOSTNAME (the DaemonSet sets it to the node name).
        { source_labels: ["__meta_kubernetes_pod_node_name"], target_label: "__host__" },
        ...podLabelRules(settings.environment),
        { target_label: "job", replacement: JOBS.pods },
      ],
      pipeline_stages: [{ cri: {} }],
    },
  ];
}

function systemJobs(settings: StackSettings): PromtailScrapeConfig[] {
  switch (settings.logs.systemLogs) {
    case "journal":
      return [
        {
          job_name: JOBS.journal,
          journal: {
            path: JOURNAL_PATH,
            max_age: "12h",
            labels: { job: JOBS.journal, environment: settings.environment },
          },
          relabel_configs: journalLabelRules(),
        },
      ];
    case "syslog":
      return [
        {
          job_name: JOBS.syslog,
          static_configs: [
            {
              targets: ["localhost"],
              labels: { job: JOBS.syslog, environment: settings.environment, __path__: SYSLOG_PATH },
            },
          ],
        },
      ];
    case "off":
      return [];
  }
}

export function promtailConfig(settings: StackSettings): PromtailConfig {
  const platformJobs = settings.target === "kubernetes" ? podJobs(settings) : dockerJobs(settings);
  return {
    server: { http_listen_port: SERVICE_PORTS.promtail, grpc_listen_port: 0, log_level: "info" },
    // On a volume: a restart resumes each file where it stopped, neither resending nor skipping lines.
    positions: { filename: `${PROMTAIL_POSITIONS_DIR}/positions.yaml`, sync_period: "10s" },
    clients: [{ url: LOKI_PUSH_URL, batchwait: "1s", batchsize: 1_048_576 }],
    scrape_configs: [...xaiNodeJobs(settings), ...platformJobs, ...systemJobs(settings)],
  };
}

/** promtail.yaml: where to ship, what to read, and the pipelines. */
export function renderPromtailConfig(settings: StackSettings): string {
  return stringifyForGo(promtailConfig(settings));
}
