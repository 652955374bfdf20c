import type { IDaemonSet } from "kubernetes-models/apps/v1/DaemonSet";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IStatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { IPersistentVolumeClaimSpec } from "kubernetes-models/v1/PersistentVolumeClaimSpec";
import type { IPersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import type { ISecret } from "kubernetes-models/v1/Secret";
import type { IService } from "kubernetes-models/v1/Service";
import { selectorLabels } from "../../endpoints";
import type { ServiceSpec, VolumeMount } from "../../service";
import type { StackSettings } from "../../../settings";
import { secretPlaceholder } from "../../../settings/stackFile";
import {
  objectNames,
  replicasFor,
  serviceLabels,
  workloadKind,
  type KubernetesManifest,
  type WorkloadManifest,
} from "./model";
import { configKey, podTemplate } from "./pod";

function meta(
  settings: StackSettings,
  spec: ServiceSpec,
  name: string,
): { name: string; namespace: string; labels: Record<string, string> } {
  return { name, namespace: settings.kubernetes.namespace, labels: serviceLabels(spec) };
}

export function configMap(settings: StackSettings, spec: ServiceSpec): IConfigMap[] {
  if (spec.configFiles.length === 0) return [];
  return [
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: meta(settings, spec, objectNames.config(spec.name)),
      data: Object.fromEntries(spec.configFiles.map((file) => [configKey(file.path), file.content])),
    },
  ];
}

/** One key per stack secret the service reads; `render` shows placeholders, the platform the secret outputs. */
export function secret(settings: StackSettings, spec: ServiceSpec): ISecret[] {
  if (spec.secretFiles.length === 0) return [];
  const keys = [...new Set(spec.secretFiles.map((file) => file.secret))].sort();
  return [
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: meta(settings, spec, objectNames.secrets(spec.name)),
      type: "Opaque",
      stringData: Object.fromEntries(keys.map((key) => [key, secretPlaceholder(key)])),
    },
  ];
}

/** The PVC size: settings.kubernetes.storage for the service when set, else the spec's suggestion. */
function claimSpec(
  settings: StackSettings,
  spec: ServiceSpec,
  volume: VolumeMount,
): IPersistentVolumeClaimSpec {
  const sizes: Partial<Record<string, string>> = settings.kubernetes.storage;
  const size = (spec.volumes.length === 1 ? sizes[spec.name] : undefined) ?? volume.size;
  const storageClass = settings.kubernetes.storageClass;
  return {
    accessModes: ["ReadWriteOnce"],
    ...(storageClass !== undefined ? { storageClassName: storageClass } : {}),
    resources: { requests: { storage: toQuantity(size) } },
  };
}

/** Accepts Kubernetes quantities (50Gi) and the byte sizes the Docker settings use (50GB). */
function toQuantity(size: string): string {
  const match = /^(\d+)(KB|MB|GB|TB)$/.exec(size);
  if (!match) return size;
  const unit: Record<string, string> = { KB: "k", MB: "M", GB: "G", TB: "T" };
  return `${match[1] ?? "0"}${unit[match[2] ?? "GB"] ?? "G"}`;
}

export function persistentVolumeClaims(settings: StackSettings, spec: ServiceSpec): IPersistentVolumeClaim[] {
  if (workloadKind(spec) !== "Deployment") return [];
  return spec.volumes.map((volume) => ({
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: meta(settings, spec, volume.name),
    spec: claimSpec(settings, spec, volume),
  }));
}

export function services(settings: StackSettings, spec: ServiceSpec): IService[] {
  if (spec.ports.length === 0 && spec.cluster === undefined) return [];
  const ports = spec.ports.map((port) => ({
    name: port.name,
    port: port.containerPort,
    targetPort: port.name,
    protocol: "TCP" as const,
  }));
  const result: IService[] = [];
  if (ports.length > 0) {
    result.push({
      apiVersion: "v1",
      kind: "Service",
      metadata: meta(settings, spec, objectNames.service(spec.name)),
      spec: { type: "ClusterIP", selector: selectorLabels(spec.name), ports },
    });
  }
  if (workloadKind(spec) === "StatefulSet") {
    const meshPorts =
      spec.cluster !== undefined
        ? [
            { name: "mesh-tcp", port: spec.cluster.port, targetPort: "mesh-tcp", protocol: "TCP" as const },
            { name: "mesh-udp", port: spec.cluster.port, targetPort: "mesh-udp", protocol: "UDP" as const },
          ]
        : [];
    result.push({
      apiVersion: "v1",
      kind: "Service",
      metadata: meta(settings, spec, objectNames.headless(spec.name)),
      spec: {
        clusterIP: "None",
        // Peers must find each other before they report ready.
        publishNotReadyAddresses: spec.cluster !== undefined,
        selector: selectorLabels(spec.name),
        ports: [...ports, ...meshPorts],
      },
    });
  }
  return result;
}

export function workload(settings: StackSettings, spec: ServiceSpec): WorkloadManifest {
  const metadata = meta(settings, spec, objectNames.workload(spec.name));
  const selector = { matchLabels: selectorLabels(spec.name) };
  const template = podTemplate(settings, spec);
  const replicas = replicasFor(settings, spec);
  switch (workloadKind(spec)) {
    case "DaemonSet":
      return {
        apiVersion: "apps/v1",
        kind: "DaemonSet",
        metadata,
        spec: {
          selector,
          template,
          updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
        },
      } satisfies IDaemonSet;
    case "Deployment":
      return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata,
        spec: {
          replicas,
          selector,
          template,
          // A ReadWriteOnce volume cannot be attached to the old and the new pod at once.
          strategy: spec.volumes.length > 0 ? { type: "Recreate" } : { type: "RollingUpdate" },
        },
      } satisfies IDeployment;
    case "StatefulSet":
      return {
        apiVersion: "apps/v1",
        kind: "StatefulSet",
        metadata,
        spec: {
          replicas,
          serviceName: objectNames.headless(spec.name),
          // Replicas of an HA set are independent: start them together.
          podManagementPolicy: "Parallel",
          selector,
          template,
          updateStrategy: { type: "RollingUpdate" },
          persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
          volumeClaimTemplates: spec.volumes.map((volume) => ({
            apiVersion: "v1",
            kind: "PersistentVolumeClaim",
            metadata: { name: volume.name, labels: selectorLabels(spec.name) },
            spec: claimSpec(settings, spec, volume),
          })),
        },
      } satisfies IStatefulSet;
  }
}

/** Voluntary disruptions (node drains) take down at most one replica of an HA set at a time. */
export function podDisruptionBudget(settings: StackSettings, spec: ServiceSpec): IPodDisruptionBudget[] {
  if (workloadKind(spec) === "DaemonSet" || replicasFor(settings, spec) < 2) return [];
  return [
    {
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: meta(settings, spec, objectNames.workload(spec.name)),
      spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels(spec.name) } },
    },
  ];
}

export function workloadManifests(settings: StackSettings, spec: ServiceSpec): KubernetesManifest[] {
  return [
    ...configMap(settings, spec),
    ...secret(settings, spec),
    ...persistentVolumeClaims(settings, spec),
    ...services(settings, spec),
    workload(settings, spec),
    ...podDisruptionBudget(settings, spec),
  ];
}
