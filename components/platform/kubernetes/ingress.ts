import type { IIngress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import type { ServiceSpec } from "../../service";
import type { StackSettings } from "../../../settings";
import { objectNames, serviceLabels } from "./model";

/** The host a service is published on, when settings.kubernetes.ingress.hosts names one for it. */
export function ingressHost(settings: StackSettings, spec: Pick<ServiceSpec, "name">): string | undefined {
  const hosts: Partial<Record<string, string>> = settings.kubernetes.ingress.hosts;
  return hosts[spec.name];
}

/** The URL users open: https when a TLS secret is configured, as it is in Pulumi.prod.yaml. */
export function ingressUrl(settings: StackSettings, spec: Pick<ServiceSpec, "name">): string | undefined {
  const host = ingressHost(settings, spec);
  if (host === undefined) return undefined;
  return `${settings.kubernetes.ingress.tlsSecretName !== undefined ? "https" : "http"}://${host}`;
}

/** An Ingress for a service with a published port and a configured host. */
export function ingress(settings: StackSettings, spec: ServiceSpec): IIngress[] {
  const host = ingressHost(settings, spec);
  const port = spec.ports.find((candidate) => candidate.publishedPort !== undefined);
  if (host === undefined || port === undefined) return [];
  const { className, tlsSecretName, annotations } = settings.kubernetes.ingress;
  return [
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: {
        name: spec.name,
        namespace: settings.kubernetes.namespace,
        labels: serviceLabels(spec),
        ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      },
      spec: {
        ingressClassName: className,
        ...(tlsSecretName !== undefined ? { tls: [{ hosts: [host], secretName: tlsSecretName }] } : {}),
        rules: [
          {
            host,
            http: {
              paths: [
                {
                  path: "/",
                  pathType: "Prefix",
                  backend: { service: { name: objectNames.service(spec.name), port: { name: port.name } } },
                },
              ],
            },
          },
        ],
      },
    },
  ];
}
