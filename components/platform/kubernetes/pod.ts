import { createHash, createHmac } from "node:crypto";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IEnvVar } from "kubernetes-models/v1/EnvVar";
import type { IPodTemplateSpec } from "kubernetes-models/v1/PodTemplateSpec";
import type { IResourceRequirements } from "kubernetes-models/v1/ResourceRequirements";
import type { IVolume } from "kubernetes-models/v1/Volume";
import type { IVolumeMount } from "kubernetes-models/v1/VolumeMount";
import { replicaHost, selectorLabels } from "../../endpoints";
import type { ServiceSpec } from "../../service";
import type { StackSettings } from "../../../settings";
import { objectNames, parseUser, replicasFor, serviceLabels, workloadKind } from "./model";

/** Startup may replay a large WAL or migrate a database: allow up to this long before liveness applies. */
const STARTUP_BUDGET_SECONDS = 600;
/** Secret files are readable by the pod's group only (0440). */
const SECRET_FILE_MODE = 0o440;
const CONFIG_FILE_MODE = 0o444;

/** ConfigMap / Secret keys allow [-._a-zA-Z0-9]; derive one from the file's path. */
export function configKey(path: string): string {
  return path.replace(/^\/+/, "").replace(/[^-._a-zA-Z0-9]/g, "_");
}

/** Changes whenever a config file or the set of secrets changes, so pods roll on `pulumi up`. */
export function configChecksum(spec: ServiceSpec): string {
  const hash = createHash("sha256");
  for (const file of spec.configFiles) hash.update(`${file.path}\0${file.content}\0`);
  for (const file of spec.secretFiles) hash.update(`secret:${file.path}\0${file.secret}\0`);
  return hash.digest("hex");
}

/**
 * Pod template annotation that changes whenever a secret VALUE changes, so `pulumi up` rolls the pods and
 * they read the new Secret (subPath mounts never refresh in a running pod). `render` shows a placeholder;
 * the Kubernetes platform fills in secretValuesChecksum inside a Pulumi Output.
 */
export const SECRET_CHECKSUM_ANNOTATION = "checksum/secrets";
export const SECRET_CHECKSUM_PLACEHOLDER = "<computed by pulumi up from the secret values>";

/**
 * HMAC-SHA256 of the secret values, keyed with a random stack-private key. A plain hash of a short SMTP
 * password or PagerDuty key could be brute-forced offline by anyone who can read the Deployment; without
 * the key (kept encrypted in the Pulumi state) the digest reveals nothing about the values.
 */
export function secretValuesChecksum(key: string, values: Readonly<Record<string, string>>): string {
  if (key.length < 16) throw new Error("secretValuesChecksum: the HMAC key must have at least 16 characters");
  const hmac = createHmac("sha256", key);
  for (const name of Object.keys(values).sort()) {
    // Length prefixes keep ("a", "bc") and ("ab", "c") apart.
    const value = values[name] ?? "";
    hmac.update(`${name.length}:${name}\0${Buffer.byteLength(value)}:${value}\0`);
  }
  return hmac.digest("hex");
}

/** Whole Gi when the size allows it, else Mi: the form people write by hand. */
function memoryQuantity(bytes: number): string {
  const mebibytes = Math.max(1, Math.round(bytes / 2 ** 20));
  return mebibytes % 1024 === 0 ? `${mebibytes / 1024}Gi` : `${mebibytes}Mi`;
}

export function resourceRequirements(spec: ServiceSpec): IResourceRequirements {
  const memory = memoryQuantity(spec.resources.memoryBytes);
  const cpuMilli = Math.max(10, Math.round(spec.resources.cpus * 1000));
  return {
    // Memory request equals the limit: the scheduler reserves what the container may use, so it is
    // never the first victim of node memory pressure. CPU is compressible: request half the limit.
    requests: { memory, cpu: `${Math.max(10, Math.round(cpuMilli / 2))}m` },
    limits: { memory, cpu: `${cpuMilli}m` },
  };
}

function probePort(spec: ServiceSpec): number | string {
  const port = spec.ports.find((candidate) => candidate.containerPort === spec.healthCheck.http.port);
  return port?.name ?? spec.healthCheck.http.port;
}

export function probes(
  spec: ServiceSpec,
): Pick<IContainer, "startupProbe" | "readinessProbe" | "livenessProbe"> {
  const check = spec.healthCheck;
  const httpGet = { path: check.http.path, port: probePort(spec), scheme: "HTTP" as const };
  const period = Math.max(1, check.intervalSeconds);
  const timeout = Math.max(1, Math.min(check.timeoutSeconds, period));
  return {
    startupProbe: {
      httpGet,
      periodSeconds: period,
      timeoutSeconds: timeout,
      failureThreshold: Math.ceil(Math.max(check.startPeriodSeconds, STARTUP_BUDGET_SECONDS) / period),
    },
    readinessProbe: {
      httpGet,
      periodSeconds: period,
      timeoutSeconds: timeout,
      failureThreshold: check.retries,
    },
    // Liveness tolerates twice as many failures as readiness: a busy service is taken out of
    // rotation before it is restarted.
    livenessProbe: {
      httpGet,
      periodSeconds: period,
      timeoutSeconds: timeout,
      failureThreshold: check.retries * 2,
    },
  };
}

/** Flags the platform manages for clustered services; values in the spec's args are replaced. */
function clusterArgs(settings: StackSettings, spec: ServiceSpec): { args: string[]; managed: string[] } {
  const cluster = spec.cluster;
  if (cluster === undefined) return { args: [], managed: [] };
  const replicas = replicasFor(settings, spec);
  const namespace = settings.kubernetes.namespace;
  const args = [`${cluster.listenAddressFlag}=0.0.0.0:${cluster.port}`];
  if (cluster.advertiseAddressFlag !== undefined) {
    // $(POD_IP) is expanded by the kubelet from the env var set below; pod IPs are routable peers.
    args.push(`${cluster.advertiseAddressFlag}=$(POD_IP):${cluster.port}`);
  }
  for (let index = 0; index < replicas; index += 1) {
    args.push(`${cluster.peerFlag}=${replicaHost(spec.name, index, namespace)}:${cluster.port}`);
  }
  const managed = [cluster.listenAddressFlag, cluster.peerFlag, cluster.advertiseAddressFlag].filter(
    (flag): flag is string => flag !== undefined,
  );
  return { args, managed };
}

function containerArgs(settings: StackSettings, spec: ServiceSpec): string[] {
  const { args, managed } = clusterArgs(settings, spec);
  const kept = spec.args.filter((arg) => !managed.some((flag) => arg === flag || arg.startsWith(`${flag}=`)));
  return [...kept, ...args];
}

function environment(spec: ServiceSpec): IEnvVar[] {
  const env: IEnvVar[] = Object.entries(spec.env)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name, value }));
  if (spec.replicaIdentityEnv !== undefined) {
    env.push({ name: spec.replicaIdentityEnv, valueFrom: { fieldRef: { fieldPath: "metadata.name" } } });
  }
  if (spec.hostIdentityEnv !== undefined) {
    env.push({ name: spec.hostIdentityEnv, valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } });
  }
  if (spec.cluster?.advertiseAddressFlag !== undefined) {
    env.push({ name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } });
  }
  return env;
}

function tmpfsVolumeName(index: number): string {
  return `scratch-${index}`;
}

function hostVolumeName(index: number): string {
  return `host-${index}`;
}

function volumesAndMounts(spec: ServiceSpec): { volumes: IVolume[]; mounts: IVolumeMount[] } {
  const volumes: IVolume[] = [];
  const mounts: IVolumeMount[] = [];
  if (spec.configFiles.length > 0) {
    volumes.push({
      name: "config",
      configMap: { name: objectNames.config(spec.name), defaultMode: CONFIG_FILE_MODE },
    });
    for (const file of spec.configFiles) {
      mounts.push({ name: "config", mountPath: file.path, subPath: configKey(file.path), readOnly: true });
    }
  }
  if (spec.secretFiles.length > 0) {
    volumes.push({
      name: "secrets",
      secret: { secretName: objectNames.secrets(spec.name), defaultMode: SECRET_FILE_MODE },
    });
    for (const file of spec.secretFiles) {
      mounts.push({ name: "secrets", mountPath: file.path, subPath: file.secret, readOnly: true });
    }
  }
  const kind = workloadKind(spec);
  for (const volume of spec.volumes) {
    if (kind === "StatefulSet") {
      // Claimed per replica through volumeClaimTemplates.
    } else if (kind === "Deployment") {
      volumes.push({ name: volume.name, persistentVolumeClaim: { claimName: volume.name } });
    } else {
      // A DaemonSet cannot claim a PVC per node; its state (e.g. read positions) lives as long as the pod.
      volumes.push({ name: volume.name, emptyDir: { sizeLimit: volume.size } });
    }
    mounts.push({ name: volume.name, mountPath: volume.mountPath });
  }
  spec.tmpfs.forEach((path, index) => {
    volumes.push({ name: tmpfsVolumeName(index), emptyDir: { medium: "Memory", sizeLimit: "64Mi" } });
    mounts.push({ name: tmpfsVolumeName(index), mountPath: path });
  });
  spec.hostMounts.forEach((mount, index) => {
    // Host access is an exception the spec justifies (mount.reason, copied to an annotation).
    // No hostPath type: a mount may be a file (e.g. /etc/machine-id) as well as a directory.
    volumes.push({ name: hostVolumeName(index), hostPath: { path: mount.hostPath } });
    mounts.push({
      name: hostVolumeName(index),
      mountPath: mount.containerPath,
      readOnly: mount.readOnly,
      // Mounts made on the host later (new filesystems, pod log dirs) stay visible inside.
      mountPropagation: "HostToContainer",
    });
  });
  return { volumes, mounts };
}

/** Why this pod deviates from the default lockdown, recorded on the object for reviewers. */
function hostAccessAnnotations(spec: ServiceSpec): Record<string, string> {
  const reasons = [
    ...(spec.security.hostAccessReason !== undefined ? [spec.security.hostAccessReason] : []),
    ...spec.hostMounts.map((mount) => `${mount.hostPath}: ${mount.reason}`),
  ];
  return reasons.length > 0 ? { "xai.io/host-access": reasons.join("; ") } : {};
}

export function podTemplate(settings: StackSettings, spec: ServiceSpec): IPodTemplateSpec {
  const { uid, gid } = parseUser(spec.security.user);
  const { volumes, mounts } = volumesAndMounts(spec);
  const runAsNonRoot = uid !== 0;
  const replicas = replicasFor(settings, spec);
  return {
    metadata: {
      labels: serviceLabels(spec),
      annotations: {
        "checksum/config": configChecksum(spec),
        ...(spec.secretFiles.length > 0 ? { [SECRET_CHECKSUM_ANNOTATION]: SECRET_CHECKSUM_PLACEHOLDER } : {}),
        ...hostAccessAnnotations(spec),
      },
    },
    spec: {
      serviceAccountName: objectNames.serviceAccount(spec.name),
      // Only services that read the Kubernetes API get a token.
      automountServiceAccountToken: (spec.apiAccess ?? []).length > 0,
      enableServiceLinks: false,
      hostPID: spec.security.hostPid,
      securityContext: {
        runAsNonRoot,
        runAsUser: uid,
        runAsGroup: gid,
        fsGroup: gid,
        fsGroupChangePolicy: "OnRootMismatch",
        seccompProfile: { type: "RuntimeDefault" },
      },
      ...(workloadKind(spec) === "DaemonSet"
        ? { tolerations: [{ operator: "Exists" as const }] }
        : replicas > 1
          ? {
              affinity: {
                podAntiAffinity: {
                  preferredDuringSchedulingIgnoredDuringExecution: [
                    {
                      weight: 100,
                      podAffinityTerm: {
                        topologyKey: "kubernetes.io/hostname",
                        labelSelector: { matchLabels: selectorLabels(spec.name) },
                      },
                    },
                  ],
                },
              },
            }
          : {}),
      terminationGracePeriodSeconds: 60,
      containers: [
        {
          name: spec.name,
          image: spec.image,
          imagePullPolicy: "IfNotPresent",
          ...(spec.command !== undefined ? { command: [...spec.command] } : {}),
          args: containerArgs(settings, spec),
          env: environment(spec),
          ports: [
            ...spec.ports.map((port) => ({
              name: port.name,
              containerPort: port.containerPort,
              protocol: "TCP" as const,
            })),
            ...(spec.cluster !== undefined
              ? [
                  { name: "mesh-tcp", containerPort: spec.cluster.port, protocol: "TCP" as const },
                  { name: "mesh-udp", containerPort: spec.cluster.port, protocol: "UDP" as const },
                ]
              : []),
          ],
          resources: resourceRequirements(spec),
          securityContext: {
            runAsNonRoot,
            readOnlyRootFilesystem: spec.security.readOnlyRootFilesystem,
            allowPrivilegeEscalation: false,
            privileged: false,
            capabilities: {
              drop: ["ALL"],
              ...(spec.security.addCapabilities.length > 0
                ? { add: [...spec.security.addCapabilities] }
                : {}),
            },
            seccompProfile: { type: "RuntimeDefault" },
          },
          ...probes(spec),
          volumeMounts: mounts,
        },
      ],
      volumes,
    },
  };
}
