import type { IIngress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { ingressHost } from "../../endpoints";
import type { ServiceSpec } from "../../service";
import type { StackSettings } from "../../../settings";
import { objectNames, serviceLabels } from "./model";

/** An Ingress for a service with a published port and a configured host. */
export function ingress(settings: StackSettings, spec: ServiceSpec): IIngress[] {
  const host = ingressHost(settings, spec.name);
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
