import type { IPolicyRule } from "kubernetes-models/rbac.authorization.k8s.io/v1/PolicyRule";
import type { ApiReadAccess, ServiceSpec } from "../../service";
import type { StackSettings } from "../../../settings";
import { objectNames, serviceLabels, type KubernetesManifest } from "./model";

/** Discovery only ever reads: no create, update, patch, delete or escalate. */
export const READ_ONLY_VERBS = ["get", "list", "watch"] as const;

/** Subresources such as nodes/metrics are fetched, never listed or watched. */
function verbsFor(resource: string): string[] {
  return resource.includes("/") ? ["get"] : [...READ_ONLY_VERBS];
}

function rulesFor(access: readonly ApiReadAccess[]): IPolicyRule[] {
  return access.flatMap((rule) =>
    rule.resources.map((resource) => ({
      apiGroups: [rule.apiGroup],
      resources: [resource],
      verbs: verbsFor(resource),
    })),
  );
}

/** Role names carry the stack namespace: ClusterRoles and Roles in shared namespaces never collide. */
function discoveryRoleName(settings: StackSettings, spec: ServiceSpec): string {
  return `${settings.kubernetes.namespace}-${spec.name}-discovery`;
}

/**
 * A ServiceAccount for every service (never the namespace default), plus read-only RBAC for the API
 * access the spec declares: a Role per listed namespace, or a ClusterRole when access is cluster-wide.
 */
export function rbacManifests(settings: StackSettings, spec: ServiceSpec): KubernetesManifest[] {
  const namespace = settings.kubernetes.namespace;
  const labels = serviceLabels(spec);
  const account = objectNames.serviceAccount(spec.name);
  const subject = { kind: "ServiceAccount", name: account, namespace };
  const manifests: KubernetesManifest[] = [
    {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: account, namespace, labels },
      // Pods opt in to a token only when they read the API (see the pod template).
      automountServiceAccountToken: false,
    },
  ];
  const access = spec.apiAccess ?? [];
  const clusterWide = access.filter((rule) => rule.namespaces === undefined);
  if (clusterWide.length > 0) {
    const name = discoveryRoleName(settings, spec);
    manifests.push(
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: { name, labels },
        rules: rulesFor(clusterWide),
      },
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: { name, labels },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name },
        subjects: [subject],
      },
    );
  }
  const byNamespace = new Map<string, ApiReadAccess[]>();
  for (const rule of access) {
    for (const target of rule.namespaces ?? [])
      byNamespace.set(target, [...(byNamespace.get(target) ?? []), rule]);
  }
  for (const [target, rules] of [...byNamespace.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const name = discoveryRoleName(settings, spec);
    manifests.push(
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "Role",
        metadata: { name, namespace: target, labels },
        rules: rulesFor(rules),
      },
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name, namespace: target, labels },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
        subjects: [subject],
      },
    );
  }
  return manifests;
}
