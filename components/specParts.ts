import { serviceClients } from "./connections";
import type { HealthCheck, SecuritySpec, ServiceSpec } from "./service";
import { memoryBytes, type ServiceName, type StackSettings } from "../settings";

/** Fields every spec starts from: nothing published, mounted or granted until a builder says so. */
export function baseSpec(
  settings: StackSettings,
  name: ServiceName,
  image: string,
): Pick<
  ServiceSpec,
  | "name"
  | "image"
  | "args"
  | "env"
  | "ports"
  | "configFiles"
  | "secretFiles"
  | "volumes"
  | "hostMounts"
  | "tmpfs"
  | "resources"
  | "workload"
  | "clients"
> {
  const limit = settings.resources[name];
  return {
    name,
    image,
    args: [],
    env: {},
    ports: [],
    configFiles: [],
    secretFiles: [],
    volumes: [],
    hostMounts: [],
    tmpfs: [],
    resources: { memoryBytes: memoryBytes(limit.memory), cpus: limit.cpus },
    workload: { kind: "singleton", replicas: 1 },
    clients: serviceClients(settings, name),
  };
}

const PROBE_TIMING = { intervalSeconds: 15, timeoutSeconds: 5, retries: 5, startPeriodSeconds: 30 } as const;

/** Probe with the busybox/Alpine `wget` the Prometheus, Alertmanager, node_exporter, Grafana and cAdvisor images ship. */
export function wgetHealthCheck(port: number, path: string): HealthCheck {
  return {
    http: { port, path },
    command: ["wget", "-q", "-O", "/dev/null", `http://127.0.0.1:${port}${path}`],
    ...PROBE_TIMING,
  };
}

/**
 * Probe through bash's /dev/tcp, for Ubuntu-based images (Promtail, Alloy) that carry bash but no wget or
 * curl. Succeeds only on an HTTP 200 status line.
 */
export function bashHealthCheck(port: number, path: string): HealthCheck {
  const request = `GET ${path} HTTP/1.0\\r\\nHost: 127.0.0.1\\r\\n\\r\\n`;
  const script =
    `exec 3<>/dev/tcp/127.0.0.1/${port} && printf '${request}' >&3 && ` +
    `IFS= read -r status <&3 && case "$status" in *" 200 "*) exit 0 ;; *) exit 1 ;; esac`;
  return { http: { port, path }, command: ["bash", "-c", script], ...PROBE_TIMING };
}

/**
 * Runs as root with every capability dropped and a read-only root filesystem: for services that read
 * root-owned host paths (the Docker socket, host logs). `reason` says which.
 */
export function rootWithoutCapabilities(reason: string): SecuritySpec {
  return {
    user: "0:0",
    readOnlyRootFilesystem: true,
    addCapabilities: [],
    hostPid: false,
    hostAccessReason: reason,
  };
}

/** Files rendered for one config directory, as absolute paths inside the container. */
export function configFilesUnder(
  directory: string,
  files: readonly { relativePath: string; content: string }[],
): ServiceSpec["configFiles"] {
  return files.map((file) => ({ path: `${directory}/${file.relativePath}`, content: file.content }));
}
