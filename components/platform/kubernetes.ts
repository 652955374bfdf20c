import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { ServiceSpec } from "../service";
import type { StackSettings } from "../../settings";
import { ingressUrl, inNetworkUrl } from "../endpoints";
import { requiredSecret, type DeployedService, type Platform, type PlatformSecrets } from "./index";
import type { KubernetesManifest, WorkloadManifest } from "./kubernetes/model";
import { SECRET_CHECKSUM_ANNOTATION, secretValuesChecksum } from "./kubernetes/pod";
import { manifestFileName, namespaceManifests, serviceManifests } from "./kubernetesManifests";

export interface KubernetesPlatformArgs {
  readonly settings: StackSettings;
  /** Secret values by key; every key a spec's secretFiles name must be present. */
  readonly secrets: PlatformSecrets;
}

/**
 * kubernetes-models types resource quantities as string | number; @pulumi/kubernetes accepts strings only.
 * The builders emit every quantity as a string (see resourceRequirements and claimSpec), so the shapes agree.
 */
interface ArgsWithQuantities {
  PersistentVolumeClaim: k8s.core.v1.PersistentVolumeClaimArgs;
  StatefulSet: k8s.apps.v1.StatefulSetArgs;
  Deployment: k8s.apps.v1.DeploymentArgs;
  DaemonSet: k8s.apps.v1.DaemonSetArgs;
}

type ManifestKind = KubernetesManifest["kind"];
type ArgsOf<Kind extends ManifestKind> = Kind extends keyof ArgsWithQuantities
  ? ArgsWithQuantities[Kind]
  : Extract<KubernetesManifest, { kind: Kind }>;
type ResourceClass<Args> = new (
  name: string,
  args: Args,
  opts?: pulumi.CustomResourceOptions,
) => pulumi.CustomResource;

/** The @pulumi/kubernetes class of each kind, checked against the manifest type of that kind. */
const RESOURCE_CLASSES: { [Kind in ManifestKind]: ResourceClass<ArgsOf<Kind>> } = {
  Namespace: k8s.core.v1.Namespace,
  ServiceAccount: k8s.core.v1.ServiceAccount,
  ConfigMap: k8s.core.v1.ConfigMap,
  Secret: k8s.core.v1.Secret,
  PersistentVolumeClaim: k8s.core.v1.PersistentVolumeClaim,
  Service: k8s.core.v1.Service,
  StatefulSet: k8s.apps.v1.StatefulSet,
  Deployment: k8s.apps.v1.Deployment,
  DaemonSet: k8s.apps.v1.DaemonSet,
  PodDisruptionBudget: k8s.policy.v1.PodDisruptionBudget,
  Role: k8s.rbac.v1.Role,
  RoleBinding: k8s.rbac.v1.RoleBinding,
  ClusterRole: k8s.rbac.v1.ClusterRole,
  ClusterRoleBinding: k8s.rbac.v1.ClusterRoleBinding,
  NetworkPolicy: k8s.networking.v1.NetworkPolicy,
  Ingress: k8s.networking.v1.Ingress,
};

/** The resource of `kind`'s class; `args` is that kind's manifest, possibly with Output fields. */
function newResource(
  kind: ManifestKind,
  name: string,
  args: object,
  opts: pulumi.CustomResourceOptions,
): pulumi.CustomResource {
  const Resource = RESOURCE_CLASSES[kind] as unknown as ResourceClass<object>;
  return new Resource(name, args, opts);
}

/**
 * Creates the @pulumi/kubernetes resource for one manifest. The manifest objects are the same ones
 * `render` writes, so what is reviewed is what is applied.
 */
function createResource(
  name: string,
  manifest: KubernetesManifest,
  opts: pulumi.CustomResourceOptions,
): pulumi.CustomResource {
  return newResource(manifest.kind, name, manifest, opts);
}

/** The workload with its pod template's secret checksum annotation set to `checksum`. */
export function withSecretChecksum<Manifest extends WorkloadManifest>(
  manifest: Manifest,
  checksum: string,
): Manifest {
  const spec = manifest.spec;
  if (spec === undefined) return manifest;
  const metadata = spec.template.metadata ?? {};
  return {
    ...manifest,
    spec: {
      ...spec,
      template: {
        ...spec.template,
        metadata: {
          ...metadata,
          annotations: { ...metadata.annotations, [SECRET_CHECKSUM_ANNOTATION]: checksum },
        },
      },
    },
  };
}

/**
 * The workload resource whose pod template carries the checksum of its secret values. The spec is an
 * Output so the checksum is computed from the secret outputs without their values ever leaving it.
 */
function createWorkloadWithSecretChecksum(
  name: string,
  manifest: WorkloadManifest,
  checksum: pulumi.Output<string>,
  opts: pulumi.CustomResourceOptions,
): pulumi.CustomResource {
  const spec = checksum.apply((sum) => withSecretChecksum(manifest, sum).spec);
  return newResource(manifest.kind, name, { ...manifest, spec }, opts);
}

function isWorkload(manifest: KubernetesManifest): manifest is WorkloadManifest {
  return manifest.kind === "StatefulSet" || manifest.kind === "Deployment" || manifest.kind === "DaemonSet";
}

function resourceName(manifest: KubernetesManifest, namespace: string): string {
  return manifestFileName(manifest, namespace).replace(/\.yaml$/, "");
}

/** Runs ServiceSpecs on an existing cluster (the provider's kubeconfig context) in one namespace. */
export class KubernetesPlatform extends pulumi.ComponentResource implements Platform {
  /** Undefined when kubernetes.createNamespace is false: the namespace exists outside the stack. */
  readonly namespace: k8s.core.v1.Namespace | undefined;
  private readonly settings: StackSettings;
  private readonly secrets: PlatformSecrets;
  /** Namespaced objects wait for the namespace and its default-deny policy. */
  private readonly foundation: pulumi.Resource[];
  /** Keys the secret checksums (see secretValuesChecksum); a secret output, kept encrypted in the state. */
  private readonly checksumKey: pulumi.Output<string>;

  constructor(name: string, args: KubernetesPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("xai:observability:KubernetesPlatform", name, {}, opts);
    this.settings = args.settings;
    this.secrets = args.secrets;
    const namespaceName = args.settings.kubernetes.namespace;
    const manifests = namespaceManifests(args.settings);
    const namespaceManifest = manifests.find((manifest) => manifest.kind === "Namespace");
    const shared = manifests.filter((manifest) => manifest !== namespaceManifest);
    this.namespace =
      namespaceManifest === undefined
        ? undefined
        : new k8s.core.v1.Namespace(resourceName(namespaceManifest, namespaceName), namespaceManifest, {
            parent: this,
          });
    const namespaceResources = this.namespace === undefined ? [] : [this.namespace];
    this.checksumKey = new random.RandomPassword(
      "secret-checksum-key",
      { length: 32, special: false },
      { parent: this },
    ).result;
    this.foundation = [
      ...namespaceResources,
      ...shared.map((manifest) =>
        createResource(resourceName(manifest, namespaceName), manifest, {
          parent: this,
          dependsOn: namespaceResources,
        }),
      ),
    ];
    this.registerOutputs({ namespace: namespaceName });
  }

  deploy(
    spec: ServiceSpec,
    parent: pulumi.ComponentResource,
    startAfter: readonly pulumi.Resource[] = [],
  ): DeployedService {
    const namespace = this.settings.kubernetes.namespace;
    let workload: pulumi.CustomResource | undefined;
    // The workload waits for its ConfigMap and Secret, so rolled pods never start on the old values.
    const mountedObjects: pulumi.Resource[] = [];
    for (const manifest of serviceManifests(this.settings, spec)) {
      const inStackNamespace = manifest.metadata?.namespace === namespace;
      const opts: pulumi.CustomResourceOptions = {
        parent,
        ...(inStackNamespace ? { dependsOn: this.foundation } : {}),
      };
      const name = resourceName(manifest, namespace);
      if (isWorkload(manifest)) {
        const workloadOpts = {
          ...opts,
          dependsOn: [...(inStackNamespace ? this.foundation : []), ...mountedObjects, ...startAfter],
        };
        workload =
          spec.secretFiles.length > 0
            ? createWorkloadWithSecretChecksum(name, manifest, this.secretChecksum(spec), workloadOpts)
            : createResource(name, manifest, workloadOpts);
      } else if (manifest.kind === "Secret") {
        mountedObjects.push(new k8s.core.v1.Secret(name, this.withSecretValues(spec, manifest), opts));
      } else {
        const resource = createResource(name, manifest, opts);
        if (manifest.kind === "ConfigMap") mountedObjects.push(resource);
      }
    }
    if (workload === undefined) throw new Error(`${spec.name}: no workload was built`);

    const port = spec.ports[0];
    const internalUrl = port === undefined ? "" : inNetworkUrl(this.settings, spec.name, port.containerPort);
    const external = ingressUrl(this.settings, spec.name);
    return {
      internalUrl: pulumi.output(internalUrl),
      ...(external !== undefined ? { externalUrl: pulumi.output(external) } : {}),
      // The provider waits for the rollout (all replicas ready) before the workload is created.
      healthy: workload.urn.apply(() => true),
      readyResource: workload,
    };
  }

  /**
   * HMAC of the service's secret values, as a plain (not secret) output: the digest is keyed with
   * checksumKey, so publishing it on the pod template tells nothing about the values.
   */
  private secretChecksum(spec: ServiceSpec): pulumi.Output<string> {
    const keys = [...new Set(spec.secretFiles.map((file) => file.secret))].sort();
    const values: Record<string, pulumi.Input<string>> = {};
    for (const key of keys) values[key] = requiredSecret(this.secrets, key, spec.name);
    return pulumi.unsecret(
      pulumi
        .all([this.checksumKey, pulumi.all(values)])
        .apply(([checksumKey, plainValues]) => secretValuesChecksum(checksumKey, plainValues)),
    );
  }

  /** The Secret with the stack's secret outputs in place of render's placeholders. */
  private withSecretValues(
    spec: ServiceSpec,
    manifest: KubernetesManifest & { kind: "Secret" },
  ): k8s.core.v1.SecretArgs {
    const stringData: Record<string, pulumi.Output<string>> = {};
    for (const key of Object.keys(manifest.stringData ?? {}))
      stringData[key] = pulumi.secret(requiredSecret(this.secrets, key, spec.name));
    return { ...manifest, stringData };
  }
}
