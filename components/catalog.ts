import { alertmanagerSpec } from "./alertmanager/spec";
import { alloySpec } from "./alloy/spec";
import { cadvisorSpec } from "./cadvisor/spec";
import { grafanaSpec } from "./grafana/spec";
import { lokiSpec } from "./loki/spec";
import { nodeExporterSpec } from "./nodeExporter/spec";
import { prometheusSpec } from "./prometheus/spec";
import { promtailSpec } from "./promtail/spec";
import type { ServiceSpec } from "./service";
import type { ServiceName, StackSettings } from "./settings";

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
};

/** The services a stack runs, in deployment order: the core four, then the profiles that are on. */
export function enabledServices(settings: StackSettings): ServiceName[] {
  const services: ServiceName[] = ["prometheus", "alertmanager", "grafana", "node-exporter"];
  if (settings.containers.enabled) services.push("cadvisor");
  if (settings.logs.enabled) services.push("loki", settings.logs.shipper);
  return services;
}

/** The stack's ServiceSpecs. The Pulumi program and `render` both come through here. */
export function buildServiceSpecs(settings: StackSettings): ServiceSpec[] {
  return enabledServices(settings).map((service) => SPEC_BUILDERS[service](settings));
}
