import type { StackSettings } from "../settings";

/** Path of the admin password file inside the Grafana container (read via GF_SECURITY_ADMIN_PASSWORD__FILE). */
export const GRAFANA_ADMIN_PASSWORD_FILE = "/run/secrets/grafana-admin-password";

/** Grafana server settings as GF_* environment. Never contains a secret. */
export function grafanaEnvironment(settings: StackSettings): Record<string, string> {
  return {
    GF_SECURITY_ADMIN_USER: settings.grafana.adminUser,
    GF_SECURITY_ADMIN_PASSWORD__FILE: GRAFANA_ADMIN_PASSWORD_FILE,
    GF_USERS_ALLOW_SIGN_UP: "false",
    GF_AUTH_ANONYMOUS_ENABLED: "false",
    GF_ANALYTICS_REPORTING_ENABLED: "false",
    GF_ANALYTICS_CHECK_FOR_UPDATES: "false",
  };
}
