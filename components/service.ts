import type { SecretKey, ServiceName } from "../settings";

/**
 * What one service needs, independent of where it runs. Components build these from settings;
 * platforms (Docker, Kubernetes) turn them into resources; `render` prints them. Plain data only:
 * secrets are referenced by key, never carried by value.
 */
export interface ServiceSpec {
  readonly name: ServiceName;
  /** Pinned image reference (tag, optionally @sha256 digest). */
  readonly image: string;
  /** Replaces the image's entrypoint when set. */
  readonly command?: readonly string[];
  readonly args: readonly string[];
  /** Non-secret environment only. Secrets go in secretFiles. */
  readonly env: Readonly<Record<string, string>>;
  readonly ports: readonly PortSpec[];
  /** Rendered configuration, mounted read-only. A change in content must roll the workload. */
  readonly configFiles: readonly ConfigFile[];
  /** Files whose content is secret material, mounted read-only with mode 0400/0440. */
  readonly secretFiles: readonly SecretFile[];
  /** Persistent data (Docker named volume, Kubernetes PVC). */
  readonly volumes: readonly VolumeMount[];
  /** Host paths; each one says why the service needs it. */
  readonly hostMounts: readonly HostMount[];
  /** Writable scratch paths kept in memory, for services with a read-only root filesystem. */
  readonly tmpfs: readonly string[];
  readonly healthCheck: HealthCheck;
  readonly security: SecuritySpec;
  readonly resources: ResourceSpec;
  readonly workload: WorkloadSpec;
  /** Services that open connections to this one; platforms with network policies admit exactly these. */
  readonly clients?: readonly ServiceName[];
  /** Read-only platform API access the service needs for discovery (Kubernetes RBAC; ignored by Docker). */
  readonly apiAccess?: readonly ApiReadAccess[];
  /** Set when replicas gossip with each other as one cluster (e.g. Alertmanager). */
  readonly cluster?: ClusterSpec;
  /** The platform sets this environment variable to a stable name per replica (e.g. for a replica label). */
  readonly replicaIdentityEnv?: string;
  /** The platform sets this environment variable to the name of the host (node) the replica runs on. */
  readonly hostIdentityEnv?: string;
  /** Services that must be healthy before this one starts (e.g. cAdvisor reads the Docker API at start-up only). */
  readonly startAfter?: readonly ServiceName[];
}

export interface ApiReadAccess {
  /** API group; "" is the core group. */
  readonly apiGroup: string;
  readonly resources: readonly string[];
  /** Namespaces to read; omitted means cluster-wide. */
  readonly namespaces?: readonly string[];
  readonly reason: string;
}

export interface ClusterSpec {
  /** Port the replicas gossip on. */
  readonly port: number;
  /** Flag taking one peer host:port; the platform passes it once per replica. */
  readonly peerFlag: string;
  /** Flag taking the listen address; the platform sets it (replacing any value in args). */
  readonly listenAddressFlag: string;
  /** Flag taking the address other peers reach this replica on, when the platform knows it. */
  readonly advertiseAddressFlag?: string;
}

export interface PortSpec {
  readonly name: string;
  readonly containerPort: number;
  /** Published to users on the configured bind address (Docker) or an Ingress (Kubernetes). */
  readonly publishedPort?: number;
}

export interface ConfigFile {
  /** Absolute path inside the container. */
  readonly path: string;
  readonly content: string;
}

export interface SecretFile {
  readonly path: string;
  /** Where the value comes from: a stack secret key. */
  readonly secret: SecretKey;
}

export interface VolumeMount {
  /** Stable volume name, e.g. prometheus-data. */
  readonly name: string;
  readonly mountPath: string;
  /** Suggested size for platforms that need one (Kubernetes PVC), e.g. 50Gi. */
  readonly size: string;
}

export interface HostMount {
  readonly hostPath: string;
  readonly containerPath: string;
  readonly readOnly: boolean;
  /** Why the service needs this host access; shown in render output and docs. */
  readonly reason: string;
}

export interface HealthCheck {
  /** The service's own readiness endpoint, used for HTTP probes. */
  readonly http: { readonly port: number; readonly path: string };
  /** A command that exists in the image and exits 0 when ready (Docker HEALTHCHECK). */
  readonly command: readonly string[];
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly retries: number;
  readonly startPeriodSeconds: number;
}

export interface SecuritySpec {
  /** uid:gid to run as. */
  readonly user: string;
  readonly readOnlyRootFilesystem: boolean;
  /** Capabilities added back after dropping ALL; each needs a reason in hostAccessReason. */
  readonly addCapabilities: readonly string[];
  /** Share the host's PID namespace (node-exporter only). */
  readonly hostPid: boolean;
  /** Why this service needs more than the default lockdown, when it does. */
  readonly hostAccessReason?: string;
}

export interface ResourceSpec {
  readonly memoryBytes: number;
  readonly cpus: number;
}

export interface WorkloadSpec {
  /** `singleton`: one logical service; `per-host`: one per machine (DaemonSet on Kubernetes). */
  readonly kind: "singleton" | "per-host";
  /** Replicas on platforms that support them (ignored by Docker). */
  readonly replicas: number;
  /**
   * `stable`: each replica owns its volumes and keeps its name (StatefulSet on Kubernetes);
   * `interchangeable`: replicas share one volume and may be replaced freely (Deployment).
   * Defaults to stable when the service has volumes.
   */
  readonly identity?: "stable" | "interchangeable";
}
