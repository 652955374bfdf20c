import type { ServiceSpec } from "../service";
import type { StackSettings } from "../settings";
import { baseSpec, bashHealthCheck } from "../specParts";
import {
  PROMTAIL_CONFIG_DIR,
  PROMTAIL_CONFIG_PATH,
  PROMTAIL_HTTP_PORT,
  PROMTAIL_POSITIONS_DIR,
  renderPromtailConfig,
} from "./config";
import { shipperApiAccess, shipperHostMounts } from "./sources";

export { PROMTAIL_CONFIG_DIR };

export function promtailSpec(settings: StackSettings): ServiceSpec {
  return {
    ...baseSpec(settings, "promtail", settings.images.promtail),
    args: [`-config.file=${PROMTAIL_CONFIG_PATH}`],
    ports: [{ name: "http", containerPort: PROMTAIL_HTTP_PORT }],
    configFiles: [{ path: PROMTAIL_CONFIG_PATH, content: renderPromtailConfig(settings) }],
    // Positions on a volume: a restart neither resends nor skips lines.
    volumes: [{ name: "promtail-positions", mountPath: PROMTAIL_POSITIONS_DIR, size: "1Gi" }],
    hostMounts: shipperHostMounts(settings),
    tmpfs: ["/tmp"],
    // The image is Ubuntu with bash but without wget or curl; bash speaks HTTP to /ready itself.
    healthCheck: bashHealthCheck(PROMTAIL_HTTP_PORT, "/ready"),
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
