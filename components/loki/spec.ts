import type { ServiceSpec } from "../service";
import type { StackSettings } from "../../settings";
import { STORAGE_DEFAULTS } from "../../settings/kubernetes";
import { SERVICE_PORTS } from "../endpoints";
import { baseSpec } from "../specParts";
import { LOKI_CONFIG_DIR, LOKI_CONFIG_PATH, LOKI_DATA_DIR, renderLokiConfig } from "./config";

export { LOKI_CONFIG_DIR, LOKI_DATA_DIR };

export function lokiSpec(settings: StackSettings): ServiceSpec {
  return {
    ...baseSpec(settings, "loki", settings.images.loki),
    args: [`-config.file=${LOKI_CONFIG_PATH}`],
    ports: [{ name: "http", containerPort: SERVICE_PORTS.loki, publishedPort: settings.expose.ports.loki }],
    configFiles: [{ path: LOKI_CONFIG_PATH, content: renderLokiConfig(settings) }],
    // Chunks, TSDB index, compactor state and delete requests: all of it must survive restarts.
    volumes: [{ name: "loki-data", mountPath: LOKI_DATA_DIR, size: STORAGE_DEFAULTS.loki }],
    tmpfs: ["/tmp"],
    healthCheck: {
      http: { port: SERVICE_PORTS.loki, path: "/ready" },
      // Loki 3.6+ images are distroless (no shell, wget or curl). Loki 3.7.0 added `-health`: the binary
      // requests its own http://localhost:3100/ready and exits 0 on HTTP 200.
      command: ["/usr/bin/loki", "-health"],
      intervalSeconds: 15,
      timeoutSeconds: 5,
      retries: 8,
      startPeriodSeconds: 60,
    },
    // The image's loki user, which owns /loki.
    security: { user: "10001:10001", readOnlyRootFilesystem: true, addCapabilities: [], hostPid: false },
    clients: ["grafana", "prometheus", settings.logs.shipper],
  };
}
