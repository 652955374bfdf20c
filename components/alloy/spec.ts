import { shipperApiAccess, shipperHostMounts } from "../promtail/sources";
import type { ServiceSpec } from "../service";
import type { StackSettings } from "../settings";
import { baseSpec, bashHealthCheck } from "../specParts";
import { ALLOY_HTTP_PORT, renderAlloyConfig } from "./config";

export const ALLOY_CONFIG_DIR = "/etc/alloy";
export const ALLOY_CONFIG_PATH = `${ALLOY_CONFIG_DIR}/config.alloy`;
/** Alloy's storage path: component state, including the read positions of every file and container. */
export const ALLOY_DATA_DIR = "/var/lib/alloy/data";

export function alloySpec(settings: StackSettings): ServiceSpec {
  return {
    ...baseSpec(settings, "alloy", settings.images.alloy),
    args: [
      "run",
      ALLOY_CONFIG_PATH,
      `--storage.path=${ALLOY_DATA_DIR}`,
      // Alloy listens on loopback by default; Prometheus scrapes it over the private network.
      `--server.http.listen-addr=0.0.0.0:${ALLOY_HTTP_PORT}`,
      "--disable-reporting",
    ],
    ports: [{ name: "http", containerPort: ALLOY_HTTP_PORT }],
    configFiles: [{ path: ALLOY_CONFIG_PATH, content: renderAlloyConfig(settings) }],
    // Positions live in the storage path, so it is a volume: restarts neither resend nor skip lines.
    volumes: [{ name: "alloy-data", mountPath: ALLOY_DATA_DIR, size: "1Gi" }],
    hostMounts: shipperHostMounts(settings),
    tmpfs: ["/tmp"],
    // Ubuntu-based image with bash but without wget or curl (grafana/alloy#477).
    healthCheck: bashHealthCheck(ALLOY_HTTP_PORT, "/-/ready"),
    security: {
      user: "0:0",
      readOnlyRootFilesystem: true,
      addCapabilities: [],
      hostPid: false,
      hostAccessReason:
        "runs as uid 0 (with every capability dropped) because the Docker socket and the host log files it reads are owned by root",
    },
    workload: { kind: "per-host", replicas: 1 },
    // The Kubernetes config tails only this node's pods, matched against HOSTNAME.
    hostIdentityEnv: "HOSTNAME",
    clients: ["prometheus"],
    apiAccess: shipperApiAccess(settings),
  };
}
