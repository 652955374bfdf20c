import type { ServiceSpec } from "../service";
import type { StackSettings } from "../settings";
import { baseSpec, configFilesUnder, wgetHealthCheck } from "../specParts";
import { ALERTMANAGER_CONFIG_DIR, renderAlertmanagerFiles } from "./config";

export const ALERTMANAGER_HTTP_PORT = 9093;
export const ALERTMANAGER_DATA_DIR = "/alertmanager";

export function alertmanagerSpec(settings: StackSettings): ServiceSpec {
  const rendered = renderAlertmanagerFiles(settings);
  return {
    ...baseSpec(settings, "alertmanager", settings.images.alertmanager),
    args: [
      `--config.file=${ALERTMANAGER_CONFIG_DIR}/alertmanager.yml`,
      `--storage.path=${ALERTMANAGER_DATA_DIR}`,
      // A single replica: no gossip port to open. Platforms that run replicas set the cluster flags.
      "--cluster.listen-address=",
    ],
    ports: [
      {
        name: "http",
        containerPort: ALERTMANAGER_HTTP_PORT,
        publishedPort: settings.expose.ports.alertmanager,
      },
    ],
    configFiles: configFilesUnder(ALERTMANAGER_CONFIG_DIR, rendered.files),
    secretFiles: rendered.secretFiles,
    volumes: [{ name: "alertmanager-data", mountPath: ALERTMANAGER_DATA_DIR, size: "1Gi" }],
    tmpfs: ["/tmp"],
    healthCheck: wgetHealthCheck(ALERTMANAGER_HTTP_PORT, "/-/ready"),
    security: { user: "65534:65534", readOnlyRootFilesystem: true, addCapabilities: [], hostPid: false },
  };
}
