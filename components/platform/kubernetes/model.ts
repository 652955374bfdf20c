import type { IDaemonSet } from "kubernetes-models/apps/v1/DaemonSet";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IStatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import type { IIngress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import type { IClusterRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole";
import type { IClusterRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding";
import type { IRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import type { IRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { INamespace } from "kubernetes-models/v1/Namespace";
import type { IPersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import type { ISecret } from "kubernetes-models/v1/Secret";
import type { IService } from "kubernetes-models/v1/Service";
import type { IServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { PART_OF, kubernetesServiceNames, selectorLabels } from "../../endpoints";
import type { ServiceSpec } from "../../service";
import type { StackSettings } from "../../../settings";

/** Every kind of object the prod stack creates, typed by the Kubernetes OpenAPI models. */
export type KubernetesManifest =
  | INamespace
  | IServiceAccount
  | IConfigMap
  | ISecret
  | IPersistentVolumeClaim
  | IService
  | IStatefulSet
  | IDeployment
  | IDaemonSet
  | IPodDisruptionBudget
  | IRole
  | IRoleBinding
  | IClusterRole
  | IClusterRoleBinding
  | INetworkPolicy
  | IIngress;

export type WorkloadManifest = IStatefulSet | IDeployment | IDaemonSet;

/** The standard app.kubernetes.io labels for every object of a service. */
export function serviceLabels(spec: Pick<ServiceSpec, "name" | "image">): Record<string, string> {
  return {
    ...selectorLabels(spec.name),
    "app.kubernetes.io/instance": spec.name,
    "app.kubernetes.io/version": imageTag(spec.image),
    "app.kubernetes.io/component": "observability",
    "app.kubernetes.io/managed-by": "pulumi",
  };
}

export function stackLabels(): Record<string, string> {
  return { "app.kubernetes.io/part-of": PART_OF, "app.kubernetes.io/managed-by": "pulumi" };
}

/** Label values allow at most 63 characters of [A-Za-z0-9._-]. */
function imageTag(image: string): string {
  const withoutDigest = image.split("@")[0] ?? image;
  const tag = withoutDigest.slice(withoutDigest.lastIndexOf(":") + 1);
  return tag.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 63);
}

/** Names of the objects belonging to one service, so DNS names in configs are known in advance. */
export const objectNames = {
  workload: (service: string): string => service,
  service: kubernetesServiceNames.service,
  /** Governing headless Service of a StatefulSet: gives each replica a DNS name. */
  headless: kubernetesServiceNames.headless,
  config: (service: string): string => `${service}-config`,
  secrets: (service: string): string => `${service}-secrets`,
  serviceAccount: (service: string): string => service,
  networkPolicy: (service: string): string => `${service}-allow`,
  defaultDeny: "default-deny-ingress",
};

/** Replicas after the per-service override in settings.kubernetes.replicas. */
export function replicasFor(settings: StackSettings, spec: ServiceSpec): number {
  if (spec.workload.kind === "per-host") return 1;
  const overrides: Partial<Record<string, number>> = settings.kubernetes.replicas;
  return overrides[spec.name] ?? spec.workload.replicas;
}

export function isStableIdentity(spec: ServiceSpec): boolean {
  return spec.workload.identity === undefined ? spec.volumes.length > 0 : spec.workload.identity === "stable";
}

export type WorkloadKind = "StatefulSet" | "Deployment" | "DaemonSet";

export function workloadKind(spec: ServiceSpec): WorkloadKind {
  if (spec.workload.kind === "per-host") return "DaemonSet";
  return isStableIdentity(spec) ? "StatefulSet" : "Deployment";
}

export function parseUser(user: string): { uid: number; gid: number } {
  const [uid, gid] = user.split(":").map(Number);
  if (uid === undefined || !Number.isInteger(uid) || uid < 0)
    throw new Error(`not a numeric uid:gid: ${user}`);
  return { uid, gid: gid !== undefined && Number.isInteger(gid) ? gid : uid };
}
