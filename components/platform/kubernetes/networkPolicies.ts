import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import type { INetworkPolicyIngressRule } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicyIngressRule";
import { ingressHost, selectorLabels } from "../../endpoints";
import type { ServiceSpec } from "../../service";
import type { StackSettings } from "../../../settings";
import { objectNames, serviceLabels, stackLabels } from "./model";

/** Nothing in the namespace accepts connections unless a policy below admits them. */
export function defaultDenyIngress(settings: StackSettings): INetworkPolicy {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: {
      name: objectNames.defaultDeny,
      namespace: settings.kubernetes.namespace,
      labels: stackLabels(),
    },
    spec: { podSelector: {}, policyTypes: ["Ingress"] },
  };
}

/**
 * What may connect to one service: the services that list themselves as its clients (on its ports),
 * the ingress controller (on the published ports, when the service has a host) and its own replicas
 * (on the cluster port, when clustered). No rule means default-deny applies in full.
 */
export function allowPolicy(settings: StackSettings, spec: ServiceSpec): INetworkPolicy[] {
  const rules: INetworkPolicyIngressRule[] = [];
  const ports = spec.ports.map((port) => ({ protocol: "TCP" as const, port: port.containerPort }));
  const clients = [...new Set(spec.clients ?? [])].sort();
  if (clients.length > 0 && ports.length > 0) {
    rules.push({
      from: clients.map((client) => ({ podSelector: { matchLabels: selectorLabels(client) } })),
      ports,
    });
  }
  const published = spec.ports.filter((port) => port.publishedPort !== undefined);
  if (ingressHost(settings, spec.name) !== undefined && published.length > 0) {
    const controller = settings.kubernetes.ingress.controller;
    rules.push({
      from: [
        {
          namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": controller.namespace } },
          podSelector: { matchLabels: controller.podLabels },
        },
      ],
      ports: published.map((port) => ({ protocol: "TCP" as const, port: port.containerPort })),
    });
  }
  if (spec.cluster !== undefined) {
    rules.push({
      from: [{ podSelector: { matchLabels: selectorLabels(spec.name) } }],
      ports: [
        { protocol: "TCP" as const, port: spec.cluster.port },
        { protocol: "UDP" as const, port: spec.cluster.port },
      ],
    });
  }
  if (rules.length === 0) return [];
  return [
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: {
        name: objectNames.networkPolicy(spec.name),
        namespace: settings.kubernetes.namespace,
        labels: serviceLabels(spec),
      },
      spec: {
        podSelector: { matchLabels: selectorLabels(spec.name) },
        policyTypes: ["Ingress"],
        ingress: rules,
      },
    },
  ];
}
