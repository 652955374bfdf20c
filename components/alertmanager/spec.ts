import type { ServiceSpec } from "../service";
import type { StackSettings } from "../../settings";
import { STORAGE_DEFAULTS } from "../../settings/kubernetes";
import { SERVICE_PORTS } from "../endpoints";
import { baseSpec, configFilesUnder, wgetHealthCheck } from "../specParts";
import { ALERTMANAGER_CONFIG_DIR, alertmanagerExternalUrl, renderAlertmanagerFiles } from "./config";

export const ALERTMANAGER_DATA_DIR = "/alertmanager";

export function alertmanagerSpec(settings: StackSettings): ServiceSpec {
  const rendered = renderAlertmanagerFiles(settings);
  return {
    ...baseSpec(settings, "alertmanager", settings.images.alertmanager),
    args: [
      `--config.file=${ALERTMANAGER_CONFIG_DIR}/alertmanager.yml`,
      // Silences and the notification log live on the volume, so they survive restarts.
      `--storage.path=${ALERTMANAGER_DATA_DIR}`,
      // Links in notifications (silences, client_url) use the URL users reach Alertmanager on ...
      `--web.external-url=${alertmanagerExternalUrl(settings)}`,
      // ... while the API, health check and metrics stay at the root, even when that URL has a path.
      "--web.route-prefix=/",
      // A single replica: no gossip port to open. Platforms that run replicas set the cluster flags.
      "--cluster.listen-address=",
    ],
    ports: [
      {
        name: "http",
        containerPort: SERVICE_PORTS.alertmanager,
        publishedPort: settings.expose.ports.alertmanager,
      },
    ],
    configFiles: configFilesUnder(ALERTMANAGER_CONFIG_DIR, rendered.files),
    secretFiles: rendered.secretFiles,
    volumes: [
      { name: "alertmanager-data", mountPath: ALERTMANAGER_DATA_DIR, size: STORAGE_DEFAULTS.alertmanager },
    ],
    tmpfs: ["/tmp"],
    healthCheck: wgetHealthCheck(SERVICE_PORTS.alertmanager, "/-/ready"),
    security: { user: "65534:65534", readOnlyRootFilesystem: true, addCapabilities: [], hostPid: false },
    // Replicas gossip to deduplicate notifications and share silences (TCP and UDP).
    cluster: {
      port: 9094,
      peerFlag: "--cluster.peer",
      listenAddressFlag: "--cluster.listen-address",
      advertiseAddressFlag: "--cluster.advertise-address",
    },
  };
}
