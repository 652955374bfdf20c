import type { ServiceSpec } from "../service";
import type { StackSettings } from "../settings";
import { baseSpec, bashHealthCheck } from "../specParts";
import { PROMTAIL_HTTP_PORT, PROMTAIL_POSITIONS_DIR, renderPromtailConfig } from "./config";

export const PROMTAIL_CONFIG_DIR = "/etc/promtail";

export function promtailSpec(settings: StackSettings): ServiceSpec {
  return {
    ...baseSpec(settings, "promtail", settings.images.promtail),
    args: [`-config.file=${PROMTAIL_CONFIG_DIR}/promtail.yaml`],
    ports: [{ name: "http", containerPort: PROMTAIL_HTTP_PORT }],
    configFiles: [{ path: `${PROMTAIL_CONFIG_DIR}/promtail.yaml`, content: renderPromtailConfig(settings) }],
    volumes: [{ name: "promtail-positions", mountPath: PROMTAIL_POSITIONS_DIR, size: "1Gi" }],
    tmpfs: ["/tmp"],
    // The image is Ubuntu without wget or curl; bash can still speak HTTP to /ready.
    healthCheck: bashHealthCheck(PROMTAIL_HTTP_PORT, "/ready"),
    security: {
      user: "0:0",
      readOnlyRootFilesystem: true,
      addCapabilities: [],
      hostPid: false,
      hostAccessReason:
        "runs as uid 0 (with every capability dropped) because the host log files it tails are owned by root",
    },
    workload: { kind: "per-host", replicas: 1 },
  };
}
