import type { ServiceSpec } from "../service";
import type { StackSettings } from "../../settings";
import { STORAGE_DEFAULTS } from "../../settings/kubernetes";
import { SERVICE_PORTS } from "../endpoints";
import { baseSpec, wgetHealthCheck } from "../specParts";
import {
  GRAFANA_ADMIN_PASSWORD_FILE,
  GRAFANA_DATA_DIR,
  GRAFANA_LOG_DIR,
  GRAFANA_SECRET_KEY_FILE,
  grafanaEnvironment,
} from "./server";

export { GRAFANA_DATA_DIR } from "./server";

export function grafanaSpec(settings: StackSettings): ServiceSpec {
  return {
    ...baseSpec(settings, "grafana", settings.images.grafana),
    env: grafanaEnvironment(settings),
    ports: [
      { name: "http", containerPort: SERVICE_PORTS.grafana, publishedPort: settings.expose.ports.grafana },
    ],
    // Always secret files: the stack generates the password and the secret key when they are unset.
    secretFiles: [
      { path: GRAFANA_ADMIN_PASSWORD_FILE, secret: "grafanaAdminPassword" },
      { path: GRAFANA_SECRET_KEY_FILE, secret: "grafanaSecretKey" },
    ],
    volumes: [{ name: "grafana-data", mountPath: GRAFANA_DATA_DIR, size: STORAGE_DEFAULTS.grafana }],
    // Grafana writes only its data dir and temp files; it logs to stdout, the log dir just has to exist.
    tmpfs: ["/tmp", GRAFANA_LOG_DIR],
    // /api/health answers 200 only once the database is reachable and migrations have run.
    healthCheck: wgetHealthCheck(SERVICE_PORTS.grafana, "/api/health"),
    // The image's grafana user (uid 472, group root), which owns /var/lib/grafana.
    security: { user: "472:0", readOnlyRootFilesystem: true, addCapabilities: [], hostPid: false },
    // One volume shared by whichever pod runs (a Deployment on Kubernetes), not one per replica.
    workload: { kind: "singleton", replicas: 1, identity: "interchangeable" },
  };
}
