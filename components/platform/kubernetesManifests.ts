import { stringify } from "yaml";
import type { RenderedFile } from "../../rules/rendered";
import type { ServiceSpec } from "../service";
import type { StackSettings } from "../../settings";
import { ingress } from "./kubernetes/ingress";
import { stackLabels, type KubernetesManifest } from "./kubernetes/model";
import { allowPolicy, defaultDenyIngress } from "./kubernetes/networkPolicies";
import { rbacManifests } from "./kubernetes/rbac";
import { workloadManifests } from "./kubernetes/workloads";

export type { KubernetesManifest } from "./kubernetes/model";

/**
 * Objects shared by every service: the namespace (unless kubernetes.createNamespace is false, when it
 * already exists) and the default-deny ingress policy.
 */
export function namespaceManifests(settings: StackSettings): KubernetesManifest[] {
  const namespace: KubernetesManifest[] = [
    {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name: settings.kubernetes.namespace,
        labels: {
          ...stackLabels(),
          // Report, without blocking, pods that fall short of the restricted Pod Security profile;
          // the host-access DaemonSets do by design.
          "pod-security.kubernetes.io/warn": "restricted",
          "pod-security.kubernetes.io/audit": "restricted",
        },
      },
    },
  ];
  return [...(settings.kubernetes.createNamespace ? namespace : []), defaultDenyIngress(settings)];
}

/** Every object one service needs, in apply order. */
export function serviceManifests(settings: StackSettings, spec: ServiceSpec): KubernetesManifest[] {
  return [
    ...rbacManifests(settings, spec),
    ...workloadManifests(settings, spec),
    ...allowPolicy(settings, spec),
    ...ingress(settings, spec),
  ];
}

/** `<kind>-<name>.yaml`; objects placed in another namespace (discovery Roles) also name it. */
export function manifestFileName(manifest: KubernetesManifest, stackNamespace: string): string {
  const name = manifest.metadata?.name ?? "unnamed";
  const namespace = manifest.metadata?.namespace;
  const suffix = namespace !== undefined && namespace !== stackNamespace ? `.${namespace}` : "";
  return `${manifest.kind.toLowerCase()}-${name}${suffix}.yaml`;
}

/**
 * The exact manifests the prod stack applies, as `<kind>-<name>.yaml` files; the KubernetesPlatform
 * builds its resources from the same objects. Secrets carry placeholders naming their config key.
 */
export function renderKubernetesManifests(
  settings: StackSettings,
  specs: readonly ServiceSpec[],
): RenderedFile[] {
  const manifests = [
    ...namespaceManifests(settings),
    ...specs.flatMap((spec) => serviceManifests(settings, spec)),
  ];
  const files = new Map<string, string>();
  for (const manifest of manifests) {
    const fileName = manifestFileName(manifest, settings.kubernetes.namespace);
    if (files.has(fileName)) throw new Error(`two manifests render to ${fileName}`);
    files.set(fileName, stringify(manifest, { lineWidth: 0, aliasDuplicateObjects: false }));
  }
  return [...files.entries()].map(([fileName, content]) => ({ relativePath: fileName, content }));
}
