import { resolve } from "node:path";
import { DaemonSet } from "kubernetes-models/apps/v1/DaemonSet";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { ClusterRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole";
import { ClusterRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding";
import { Role } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import { RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { PersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { parse } from "yaml";
import { buildServiceSpecs } from "../components/catalog";
import {
  renderKubernetesManifests,
  type KubernetesManifest,
} from "../components/platform/kubernetesManifests";
import { parseSettings, type StackSettings } from "../settings";
import { readStackConfig } from "../settings/stackFile";

export const REPO_ROOT = resolve(__dirname, "..");

/** The committed prod stack's settings, with top-level keys replaced by `overrides`. */
export function prodSettings(overrides: Record<string, unknown> = {}): StackSettings {
  const raw = readStackConfig(REPO_ROOT, "prod");
  return parseSettings({ ...raw, values: { ...raw.values, ...overrides } });
}

/** prod's kubernetes section with some of its keys replaced. */
export function prodKubernetesWith(changes: Record<string, unknown>): Record<string, unknown> {
  const raw = readStackConfig(REPO_ROOT, "prod");
  const current = raw.values.kubernetes;
  const base = typeof current === "object" && current !== null ? (current as Record<string, unknown>) : {};
  return { kubernetes: { ...base, ...changes } };
}

/** What `render` writes to kubernetes/, parsed back from the YAML text. */
export function renderedManifests(settings: StackSettings): Map<string, KubernetesManifest> {
  const files = renderKubernetesManifests(settings, buildServiceSpecs(settings));
  return new Map(files.map((file) => [file.relativePath, parse(file.content) as KubernetesManifest]));
}

interface Validatable {
  validate(): void;
}

/** The kubernetes-models class (OpenAPI-schema validator) for each kind the stack creates. */
const MODELS: Record<string, (data: unknown) => Validatable> = {
  "v1/Namespace": (data) => new Namespace(data as Namespace),
  "v1/ServiceAccount": (data) => new ServiceAccount(data as ServiceAccount),
  "v1/ConfigMap": (data) => new ConfigMap(data as ConfigMap),
  "v1/Secret": (data) => new Secret(data as Secret),
  "v1/PersistentVolumeClaim": (data) => new PersistentVolumeClaim(data as PersistentVolumeClaim),
  "v1/Service": (data) => new Service(data as Service),
  "apps/v1/StatefulSet": (data) => new StatefulSet(data as StatefulSet),
  "apps/v1/Deployment": (data) => new Deployment(data as Deployment),
  "apps/v1/DaemonSet": (data) => new DaemonSet(data as DaemonSet),
  "policy/v1/PodDisruptionBudget": (data) => new PodDisruptionBudget(data as PodDisruptionBudget),
  "rbac.authorization.k8s.io/v1/Role": (data) => new Role(data as Role),
  "rbac.authorization.k8s.io/v1/RoleBinding": (data) => new RoleBinding(data as RoleBinding),
  "rbac.authorization.k8s.io/v1/ClusterRole": (data) => new ClusterRole(data as ClusterRole),
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": (data) =>
    new ClusterRoleBinding(data as ClusterRoleBinding),
  "networking.k8s.io/v1/NetworkPolicy": (data) => new NetworkPolicy(data as NetworkPolicy),
  "networking.k8s.io/v1/Ingress": (data) => new Ingress(data as Ingress),
};

/**
 * Validates one manifest against the Kubernetes OpenAPI schema (kubernetes-models' generated
 * validators). Throws with the offending path; an unknown apiVersion/kind is an error too.
 */
export function validateManifest(manifest: { apiVersion?: unknown; kind?: unknown }): void {
  const key = `${String(manifest.apiVersion)}/${String(manifest.kind)}`;
  const model = MODELS[key];
  if (model === undefined) throw new Error(`no schema for ${key}`);
  model(manifest).validate();
}
