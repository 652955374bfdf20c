import { EXPORTER_JOBS, REFERENCE_HEIGHT_METRIC, XAI_FALLBACK_SCRAPE_PROTOCOL } from "../../metrics";
import { stringify } from "yaml";
import { scrapedXaiNodes } from "../demoNode/target";
import { SERVICE_PORTS, serviceAddress } from "../endpoints";
import type { StackSettings } from "../../settings";
import { forKubernetes } from "./kubernetesScrape";

export const PROMETHEUS_CONFIG_DIR = "/etc/prometheus";
export const PROMETHEUS_DATA_DIR = "/prometheus";
/**
 * Rule files, relative to prometheus.yml: Prometheus resolves relative rule_files against the config
 * file's folder, so the same file works in the container, in `render` output and under promtool.
 */
export const PROMETHEUS_RULE_FILES = "rules/*.yml";

interface StaticConfig {
  targets: string[];
  labels?: Record<string, string>;
}

interface MetricRelabelConfig {
  source_labels?: string[];
  regex: string;
  target_label?: string;
  replacement?: string;
  action?: "keep";
}

interface ScrapeConfig {
  job_name: string;
  static_configs: StaticConfig[];
  fallback_scrape_protocol?: string;
  metric_relabel_configs?: MetricRelabelConfig[];
}

function staticJob(jobName: string, targets: readonly string[]): ScrapeConfig {
  return { job_name: jobName, static_configs: [{ targets: [...targets] }] };
}

/** One static_config per node, so each target carries its own node and network labels. */
function xaiNodeJob(settings: StackSettings): ScrapeConfig {
  return {
    job_name: "xai-node",
    fallback_scrape_protocol: XAI_FALLBACK_SCRAPE_PROTOCOL,
    static_configs: scrapedXaiNodes(settings).map((node) => ({
      targets: [node.address],
      // node and network last: user labels cannot override the labels rules and dashboards select on.
      labels: { ...node.labels, node: node.name, network: node.network },
    })),
  };
}

/**
 * The reference height sources of every network, one target each labelled with its network and name.
 * Each one's height metric is renamed to REFERENCE_HEIGHT_METRIC and everything else is dropped, so the
 * recording rules select one name whatever the source calls it.
 */
function referenceJob(settings: StackSettings): ScrapeConfig | undefined {
  const references = Object.entries(settings.networks).flatMap(([network, { referenceHeights }]) =>
    referenceHeights.map((reference) => ({ network, ...reference })),
  );
  if (references.length === 0) return undefined;
  return {
    job_name: EXPORTER_JOBS.reference,
    static_configs: references.map((reference) => ({
      targets: [reference.address],
      labels: { network: reference.network, reference: reference.name },
    })),
    metric_relabel_configs: [
      ...references.map((reference) => ({
        source_labels: ["network", "reference", "__name__"],
        regex: `${reference.network};${reference.name};${reference.metric}`,
        target_label: "__name__",
        replacement: REFERENCE_HEIGHT_METRIC,
      })),
      { source_labels: ["__name__"], regex: REFERENCE_HEIGHT_METRIC, action: "keep" as const },
    ],
  };
}

/** The scrape jobs, in a stable order; optional jobs are left out when they have nothing to scrape. */
export function scrapeConfigs(settings: StackSettings): ScrapeConfig[] {
  const jobs: ScrapeConfig[] = [
    staticJob("prometheus", [`localhost:${SERVICE_PORTS.prometheus}`]),
    ...(["alertmanager", "grafana", "node-exporter"] as const).map((service) =>
      staticJob(service, [serviceAddress(service)]),
    ),
  ];
  if (settings.containers.enabled) jobs.push(staticJob("cadvisor", [serviceAddress("cadvisor")]));
  if (settings.logs.enabled) {
    for (const service of ["loki", settings.logs.shipper] as const)
      jobs.push(staticJob(service, [serviceAddress(service)]));
  }
  // Always present, even with no nodes yet, so rules and dashboards can rely on the job name.
  jobs.push(xaiNodeJob(settings));
  const references = referenceJob(settings);
  if (references !== undefined) jobs.push(references);
  const optional: [string, readonly string[]][] = [
    ["postgres", settings.exporters.postgres],
    ["redis", settings.exporters.redis],
    ["validators", settings.exporters.validators],
    ["docker-engine", settings.exporters.dockerEngine],
  ];
  for (const [jobName, targets] of optional) {
    if (targets.length > 0) jobs.push(staticJob(jobName, targets));
  }
  return jobs;
}

/**
 * prometheus.yml. Retention is not here: it is the --storage.tsdb.retention.* flags (see spec.ts), which
 * both Prometheus 2.x and 3.x accept.
 */
export function renderPrometheusConfig(settings: StackSettings): string {
  const config = {
    global: {
      scrape_interval: settings.scrapeInterval,
      evaluation_interval: settings.evaluationInterval,
      external_labels: { environment: settings.environment, cluster: settings.cluster },
    },
    alerting: {
      alertmanagers: [{ static_configs: [{ targets: [serviceAddress("alertmanager")] }] }],
    },
    rule_files: [PROMETHEUS_RULE_FILES],
    scrape_configs: scrapeConfigs(settings),
  };
  const forTarget = settings.target === "kubernetes" ? forKubernetes(config, settings) : config;
  return stringify(forTarget, { lineWidth: 0, aliasDuplicateObjects: false });
}
