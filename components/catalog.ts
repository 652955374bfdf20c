import { ALERTMANAGER_CONFIG_DIR } from "./alertmanager/config";
import { alertmanagerSpec } from "./alertmanager/spec";
import { ALLOY_CONFIG_DIR, alloySpec } from "./alloy/spec";
import { cadvisorSpec } from "./cadvisor/spec";
import { demoNodeSpec } from "./demoNode/spec";
import { DOCKER_SOCKET_PROXY_CONFIG_DIR } from "./dockerSocketProxy/config";
import { dockerSocketProxySpec } from "./dockerSocketProxy/spec";
import { grafanaSpec } from "./grafana/spec";
import { LOKI_CONFIG_DIR, lokiSpec } from "./loki/spec";
import { nodeExporterSpec } from "./nodeExporter/spec";
import { PROMETHEUS_CONFIG_DIR } from "./prometheus/config";
import { runsStandaloneCadvisor } from "./prometheus/kubernetesScrape";
import { prometheusSpec } from "./prometheus/spec";
import { PROMTAIL_CONFIG_DIR, promtailSpec } from "./promtail/spec";
import type { ServiceSpec } from "./service";
import type { ServiceName, StackSettings } from "../settings";

/** Each service's spec builder: pure functions of the settings. */
export const SPEC_BUILDERS: Record<ServiceName, (settings: StackSettings) => ServiceSpec> = {
  prometheus: prometheusSpec,
  grafana: grafanaSpec,
  alertmanager: alertmanagerSpec,
  "node-exporter": nodeExporterSpec,
  loki: lokiSpec,
  promtail: promtailSpec,
  alloy: alloySpec,
  cadvisor: cadvisorSpec,
  "xai-demo-node": demoNodeSpec,
  "docker-socket-proxy": dockerSocketProxySpec,
};

/** The services a stack runs, in deployment order: the core four, then the profiles that are on. */
export function enabledServices(settings: StackSettings): ServiceName[] {
  const services: ServiceName[] = ["prometheus", "alertmanager", "grafana", "node-exporter"];
  if (usesDockerApi(settings)) services.push("docker-socket-proxy");
  if (runsStandaloneCadvisor(settings)) services.push("cadvisor");
  if (settings.logs.enabled) services.push("loki", settings.logs.shipper);
  if (settings.demoNode) services.push("xai-demo-node");
  return services;
}

/**
 * Docker target with cAdvisor or container logs: something reads the Docker API, and the socket proxy is
 * the only way it may (components/dockerSocketProxy). On Kubernetes nothing uses the Docker API.
 */
export function usesDockerApi(settings: StackSettings): boolean {
  return settings.target === "docker" && (runsStandaloneCadvisor(settings) || settings.logs.enabled);
}

/** The stack's ServiceSpecs. The Pulumi program and `render` both come through here. */
export function buildServiceSpecs(settings: StackSettings): ServiceSpec[] {
  return enabledServices(settings).map((service) => SPEC_BUILDERS[service](settings));
}

/** Where each service reads its rendered config files; `render` mirrors these folders. */
export const CONFIG_DIRS: Partial<Record<ServiceName, string>> = {
  prometheus: PROMETHEUS_CONFIG_DIR,
  alertmanager: ALERTMANAGER_CONFIG_DIR,
  loki: LOKI_CONFIG_DIR,
  promtail: PROMTAIL_CONFIG_DIR,
  alloy: ALLOY_CONFIG_DIR,
  "docker-socket-proxy": DOCKER_SOCKET_PROXY_CONFIG_DIR,
};
