import type { ServiceName, StackSettings } from "../settings";

/**
 * Which services open connections to each service: Prometheus scrapes every one of them, Grafana queries
 * Prometheus, Loki and Alertmanager, the log shipper pushes to Loki. Platforms with network policies
 * admit exactly these (ServiceSpec.clients).
 */
export function serviceClients(settings: StackSettings, service: ServiceName): ServiceName[] {
  switch (service) {
    case "prometheus":
      return ["prometheus", "grafana"];
    case "alertmanager":
      return ["prometheus", "grafana"];
    case "loki":
      return ["prometheus", "grafana", settings.logs.shipper];
    default:
      return ["prometheus"];
  }
}
