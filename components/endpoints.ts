import type { ServiceName, StackSettings } from "../settings";

/**
 * Where every service is reached: its port, its names on the stack network, and the one chain that
 * picks the URL users open. Services and platforms both read these, so no address is written twice.
 */

/** The port each service serves on inside the stack network (HTTP; the Docker API for the socket proxy). */
export const SERVICE_PORTS = {
  prometheus: 9090,
  alertmanager: 9093,
  grafana: 3000,
  "node-exporter": 9100,
  cadvisor: 8080,
  loki: 3100,
  promtail: 9080,
  alloy: 12345,
  "xai-demo-node": 8000,
  "docker-socket-proxy": 2375,
} as const satisfies Record<ServiceName, number>;

/** Services users open from outside the stack network (settings.expose.ports). */
export type PublishedService = keyof StackSettings["expose"]["ports"];

/** `service:port`: the service name is a DNS name on the stack network of every platform. */
export function serviceAddress(service: ServiceName): string {
  return `${service}:${SERVICE_PORTS[service]}`;
}

/** Names of a service's Kubernetes Services: the ClusterIP one, and the headless one naming each replica. */
export const kubernetesServiceNames = {
  service: (service: string): string => service,
  headless: (service: string): string => `${service}-headless`,
};

/** In-cluster DNS name of a service's Kubernetes Service. */
export function serviceHost(service: string, namespace: string): string {
  return `${kubernetesServiceNames.service(service)}.${namespace}.svc`;
}

/** In-cluster DNS name of replica `index` of a StatefulSet. */
export function replicaHost(service: string, index: number, namespace: string): string {
  return `${service}-${index}.${kubernetesServiceNames.headless(service)}.${namespace}.svc`;
}

export const PART_OF = "xai-observability";

/** Labels that select a service's pods; stable for the life of the workload. */
export function selectorLabels(serviceName: string): Record<string, string> {
  return { "app.kubernetes.io/name": serviceName, "app.kubernetes.io/part-of": PART_OF };
}

/**
 * The URL the other services use: the service name on Docker's network, the Service's cluster DNS name
 * on Kubernetes.
 */
export function inNetworkUrl(
  settings: StackSettings,
  service: ServiceName,
  port: number = SERVICE_PORTS[service],
): string {
  const host =
    settings.target === "kubernetes" ? serviceHost(service, settings.kubernetes.namespace) : service;
  return `http://${host}:${port}`;
}

/** The host a service is published on, when settings.kubernetes.ingress.hosts names one for it. */
export function ingressHost(settings: StackSettings, service: string): string | undefined {
  const hosts: Partial<Record<string, string>> = settings.kubernetes.ingress.hosts;
  return hosts[service];
}

/** The Ingress URL: https when a TLS secret is configured (as in Pulumi.prod.yaml), unless `scheme` says. */
export function ingressUrl(
  settings: StackSettings,
  service: string,
  scheme: "http" | "https" = settings.kubernetes.ingress.tlsSecretName !== undefined ? "https" : "http",
): string | undefined {
  const host = ingressHost(settings, service);
  return host === undefined ? undefined : `${scheme}://${host}`;
}

/** A port published on `expose.bindAddress`, as the platform publishes it. */
export function publishedUrl(bindAddress: string, port: number): string {
  return `http://${bindAddress}:${port}`;
}

/**
 * THE URL people open for a service (notification links, Grafana's root URL), the first that applies: the
 * configured URL, the Kubernetes Ingress, else the published port (0.0.0.0 as localhost). On Kubernetes
 * without an Ingress that port is the `kubectl port-forward` address.
 */
export function userUrl(
  settings: StackSettings,
  service: PublishedService,
  configured: string | undefined,
): string {
  if (configured !== undefined) return configured;
  const ingress = settings.target === "kubernetes" ? ingressUrl(settings, service) : undefined;
  if (ingress !== undefined) return ingress;
  const { bindAddress, ports } = settings.expose;
  return publishedUrl(bindAddress === "0.0.0.0" ? "localhost" : bindAddress, ports[service]);
}

/**
 * Where the Grafana provider reaches Grafana's API when settings say so: on Kubernetes `pulumi up` may run
 * outside the cluster, so kubernetes.grafanaUrl, else the Ingress over https (the provider sends the admin
 * login). Undefined: the URL the platform reports for the deployed Grafana.
 */
export function grafanaApiUrl(settings: StackSettings): string | undefined {
  if (settings.target !== "kubernetes") return undefined;
  return settings.kubernetes.grafanaUrl ?? ingressUrl(settings, "grafana", "https");
}
