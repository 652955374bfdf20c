import type { StackSettings } from "../../settings";
import { SERVICE_PORTS, userUrl } from "../endpoints";

/** Path of the admin password file inside the Grafana container (read via GF_SECURITY_ADMIN_PASSWORD__FILE). */
export const GRAFANA_ADMIN_PASSWORD_FILE = "/run/secrets/grafana-admin-password";
/** Path of the key Grafana encrypts its stored secrets with (read via GF_SECURITY_SECRET_KEY__FILE). */
export const GRAFANA_SECRET_KEY_FILE = "/run/secrets/grafana-secret-key";

/** SQLite database, sessions and installed plugins live here; it is the service's data volume. */
export const GRAFANA_DATA_DIR = "/var/lib/grafana";
/** Unused while logging to the console, but Grafana insists the directory exists (a tmpfs). */
export const GRAFANA_LOG_DIR = "/var/log/grafana";

/**
 * App plugins Grafana 11.5+ installs from grafana.com at start-up unless told otherwise. Disabling them
 * (rather than `preinstall_disabled`) keeps core datasources that newer releases ship as preinstalled plugins.
 */
export const GRAFANA_DEFAULT_APP_PLUGINS = [
  "grafana-lokiexplore-app",
  "grafana-pyroscope-app",
  "grafana-exploretraces-app",
  "grafana-metricsdrilldown-app",
  "grafana-advisor-app",
] as const;

/** The URL users open: grafana.rootUrl, else the one endpoints.ts derives for links. */
export function grafanaRootUrl(settings: StackSettings): string {
  return userUrl(settings, "grafana", settings.grafana.rootUrl);
}

/**
 * Grafana server settings as GF_* environment (one variable per grafana.ini key, `GF_<SECTION>_<KEY>`).
 * Never contains a secret: the admin password and the secret key arrive as files.
 */
export function grafanaEnvironment(settings: StackSettings): Record<string, string> {
  const grafana = settings.grafana;
  const rootUrl = new URL(grafanaRootUrl(settings));
  const https = rootUrl.protocol === "https:";
  const pluginIds = grafana.plugins.map((plugin) => plugin.split("@")[0]);
  const unwantedApps = GRAFANA_DEFAULT_APP_PLUGINS.filter((app) => !pluginIds.includes(app));

  const environment: Record<string, string> = {
    // paths (the image's layout) and database: SQLite on the data volume, write-ahead log for concurrent readers
    GF_PATHS_DATA: GRAFANA_DATA_DIR,
    GF_PATHS_PLUGINS: `${GRAFANA_DATA_DIR}/plugins`,
    GF_PATHS_LOGS: GRAFANA_LOG_DIR,
    GF_DATABASE_TYPE: "sqlite3",
    GF_DATABASE_PATH: "grafana.db",
    GF_DATABASE_WAL: "true",

    // server
    GF_SERVER_HTTP_PORT: String(SERVICE_PORTS.grafana),
    GF_SERVER_ROOT_URL: rootUrl.href,
    GF_SERVER_DOMAIN: rootUrl.hostname,
    GF_SERVER_SERVE_FROM_SUB_PATH: String(rootUrl.pathname !== "/"),
    GF_SERVER_ENABLE_GZIP: "true",

    // admin and security
    GF_SECURITY_ADMIN_USER: grafana.adminUser,
    GF_SECURITY_ADMIN_PASSWORD__FILE: GRAFANA_ADMIN_PASSWORD_FILE,
    GF_SECURITY_SECRET_KEY__FILE: GRAFANA_SECRET_KEY_FILE,
    GF_SECURITY_DISABLE_GRAVATAR: "true",
    GF_SECURITY_COOKIE_SECURE: String(https),
    GF_SECURITY_COOKIE_SAMESITE: "lax",
    GF_SECURITY_STRICT_TRANSPORT_SECURITY: String(https),
    GF_SECURITY_STRICT_TRANSPORT_SECURITY_MAX_AGE_SECONDS: "31536000",
    GF_SECURITY_CONTENT_SECURITY_POLICY: "true",
    GF_SECURITY_X_CONTENT_TYPE_OPTIONS: "true",
    GF_SECURITY_X_XSS_PROTECTION: "true",
    GF_SECURITY_ALLOW_EMBEDDING: "false",
    GF_SECURITY_DISABLE_BRUTE_FORCE_LOGIN_PROTECTION: "false",

    // users and auth: no self sign-up, no anonymous viewers; basic auth stays on for the Pulumi provider
    GF_USERS_ALLOW_SIGN_UP: "false",
    GF_USERS_ALLOW_ORG_CREATE: "false",
    GF_USERS_AUTO_ASSIGN_ORG_ROLE: "Viewer",
    GF_AUTH_ANONYMOUS_ENABLED: "false",
    GF_AUTH_BASIC_ENABLED: "true",

    // operations: nothing phones home; logs are JSON on stdout for Loki
    GF_ANALYTICS_REPORTING_ENABLED: "false",
    GF_ANALYTICS_CHECK_FOR_UPDATES: "false",
    GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES: "false",
    GF_ANALYTICS_FEEDBACK_LINKS_ENABLED: "false",
    GF_NEWS_NEWS_FEED_ENABLED: "false",
    GF_LOG_MODE: "console",
    GF_LOG_CONSOLE_FORMAT: "json",
    GF_LOG_LEVEL: "info",
    GF_SNAPSHOTS_EXTERNAL_ENABLED: "false",
    GF_SNAPSHOTS_PUBLIC_MODE: "false",
    GF_PUBLIC_DASHBOARDS_ENABLED: "false",

    // alerting: Prometheus evaluates and Alertmanager notifies; Grafana only shows their state
    GF_UNIFIED_ALERTING_ENABLED: "true",
    GF_UNIFIED_ALERTING_EXECUTE_ALERTS: String(grafana.alertingEnabled),

    // plugins: only those listed in settings
    GF_PLUGINS_PREINSTALL: grafana.plugins.join(","),
    GF_PLUGINS_PREINSTALL_AUTO_UPDATE: "false",
    GF_PLUGINS_DISABLE_PLUGINS: unwantedApps.join(","),

    GF_FEATURE_TOGGLES_ENABLE: grafana.featureToggles.join(","),
  };
  // An empty list means "none"; leaving the variable out says the same and keeps the container env short.
  return Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== ""));
}
