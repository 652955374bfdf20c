import type { ServiceSpec } from "../service";
import type { StackSettings } from "../settings";
import { baseSpec } from "../specParts";
import { LOKI_HTTP_PORT, renderLokiConfig } from "./config";

export const LOKI_CONFIG_DIR = "/etc/loki";
export const LOKI_DATA_DIR = "/loki";

export function lokiSpec(settings: StackSettings): ServiceSpec {
  return {
    ...baseSpec(settings, "loki", settings.images.loki),
    args: [`-config.file=${LOKI_CONFIG_DIR}/loki.yaml`],
    ports: [{ name: "http", containerPort: LOKI_HTTP_PORT, publishedPort: settings.expose.ports.loki }],
    configFiles: [{ path: `${LOKI_CONFIG_DIR}/loki.yaml`, content: renderLokiConfig(settings) }],
    volumes: [{ name: "loki-data", mountPath: LOKI_DATA_DIR, size: "50Gi" }],
    tmpfs: ["/tmp"],
    healthCheck: {
      http: { port: LOKI_HTTP_PORT, path: "/ready" },
      // Loki 3.6+ images are distroless (no shell or wget); since 3.7 the binary probes its own
      // /ready (http://localhost:3100/ready, the port below).
      command: ["/usr/bin/loki", "-health"],
      intervalSeconds: 15,
      timeoutSeconds: 5,
      retries: 8,
      startPeriodSeconds: 60,
    },
    // The image's loki user, which owns /loki.
    security: { user: "10001:10001", readOnlyRootFilesystem: true, addCapabilities: [], hostPid: false },
  };
}
