import { describe, expect, it } from "vitest";
import { datasourceDefinitions } from "../../../components/grafana/datasources";
import { DATASOURCE_UIDS } from "../../../dashboards/datasources";
import {
  GRAFANA_ADMIN_PASSWORD_FILE,
  GRAFANA_DEFAULT_APP_PLUGINS,
  GRAFANA_SECRET_KEY_FILE,
  grafanaEnvironment,
  grafanaRootUrl,
} from "../../../components/grafana/server";
import { grafanaSpec } from "../../../components/grafana/spec";
import { settingsErrorOf, testSettings } from "../../../harness/settings";

function problemsFor(values: Record<string, unknown>): string {
  return settingsErrorOf(() => testSettings(values)).message;
}

describe("Grafana server environment", () => {
  const defaults = grafanaEnvironment(testSettings({}));

  it("takes the admin user from settings, the password and the secret key only from secret files", () => {
    const env = grafanaEnvironment(testSettings({ grafana: { adminUser: "ops" } }));
    expect(env.GF_SECURITY_ADMIN_USER).toBe("ops");
    expect(env.GF_SECURITY_ADMIN_PASSWORD__FILE).toBe(GRAFANA_ADMIN_PASSWORD_FILE);
    expect(env.GF_SECURITY_SECRET_KEY__FILE).toBe(GRAFANA_SECRET_KEY_FILE);
    expect(Object.keys(env).filter((key) => /PASSWORD|SECRET|TOKEN|KEY/.test(key))).toEqual([
      "GF_SECURITY_ADMIN_PASSWORD__FILE",
      "GF_SECURITY_SECRET_KEY__FILE",
    ]);
  });

  it("turns off sign-up, anonymous access, Gravatar, embedding, analytics, update checks and external snapshots", () => {
    expect(defaults).toMatchObject({
      GF_USERS_ALLOW_SIGN_UP: "false",
      GF_USERS_ALLOW_ORG_CREATE: "false",
      GF_AUTH_ANONYMOUS_ENABLED: "false",
      GF_SECURITY_DISABLE_GRAVATAR: "true",
      GF_SECURITY_ALLOW_EMBEDDING: "false",
      GF_SECURITY_CONTENT_SECURITY_POLICY: "true",
      GF_ANALYTICS_REPORTING_ENABLED: "false",
      GF_ANALYTICS_CHECK_FOR_UPDATES: "false",
      GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES: "false",
      GF_SNAPSHOTS_EXTERNAL_ENABLED: "false",
      GF_PUBLIC_DASHBOARDS_ENABLED: "false",
      GF_LOG_MODE: "console",
      GF_LOG_CONSOLE_FORMAT: "json",
      GF_DATABASE_TYPE: "sqlite3",
      GF_PATHS_DATA: "/var/lib/grafana",
    });
  });

  it("serves the published URL by default, without secure cookies or HSTS over plain http", () => {
    const settings = testSettings({});
    expect(grafanaRootUrl(settings)).toBe("http://127.0.0.1:3000");
    expect(defaults.GF_SERVER_ROOT_URL).toBe("http://127.0.0.1:3000/");
    expect(defaults.GF_SECURITY_COOKIE_SECURE).toBe("false");
    expect(defaults.GF_SECURITY_STRICT_TRANSPORT_SECURITY).toBe("false");
  });

  it("turns on secure cookies and HSTS when the root URL is https, and serves a sub-path", () => {
    const env = grafanaEnvironment(testSettings({ grafana: { rootUrl: "https://ops.example.org/grafana" } }));
    expect(env).toMatchObject({
      GF_SERVER_ROOT_URL: "https://ops.example.org/grafana",
      GF_SERVER_DOMAIN: "ops.example.org",
      GF_SERVER_SERVE_FROM_SUB_PATH: "true",
      GF_SECURITY_COOKIE_SECURE: "true",
      GF_SECURITY_STRICT_TRANSPORT_SECURITY: "true",
    });
  });

  it("serves the Ingress URL on Kubernetes, where TLS makes cookies secure", () => {
    const settings = testSettings(
      {
        target: "kubernetes",
        kubernetes: { ingress: { hosts: { grafana: "grafana.example.org" }, tlsSecretName: "xai-tls" } },
      },
      { stack: "prod" },
    );
    expect(grafanaRootUrl(settings)).toBe("https://grafana.example.org");
    expect(grafanaEnvironment(settings)).toMatchObject({
      GF_SERVER_ROOT_URL: "https://grafana.example.org/",
      GF_SECURITY_COOKIE_SECURE: "true",
      GF_SECURITY_STRICT_TRANSPORT_SECURITY: "true",
    });
  });

  it("leaves alert rule evaluation to Prometheus unless settings enable Grafana's", () => {
    expect(defaults.GF_UNIFIED_ALERTING_EXECUTE_ALERTS).toBe("false");
    const enabled = grafanaEnvironment(testSettings({ grafana: { alertingEnabled: true } }));
    expect(enabled.GF_UNIFIED_ALERTING_EXECUTE_ALERTS).toBe("true");
  });

  it("preinstalls no plugin unless listed, and enables the listed feature toggles", () => {
    expect(defaults.GF_PLUGINS_PREINSTALL).toBeUndefined();
    expect(defaults.GF_PLUGINS_DISABLE_PLUGINS?.split(",")).toEqual([...GRAFANA_DEFAULT_APP_PLUGINS]);
    expect(defaults.GF_FEATURE_TOGGLES_ENABLE).toBeUndefined();

    const env = grafanaEnvironment(
      testSettings({
        grafana: {
          plugins: ["grafana-clock-panel@2.1.8", "grafana-lokiexplore-app"],
          featureToggles: ["provisioning", "kubernetesDashboards"],
        },
      }),
    );
    expect(env.GF_PLUGINS_PREINSTALL).toBe("grafana-clock-panel@2.1.8,grafana-lokiexplore-app");
    expect(env.GF_PLUGINS_DISABLE_PLUGINS?.split(",")).not.toContain("grafana-lokiexplore-app");
    expect(env.GF_FEATURE_TOGGLES_ENABLE).toBe("provisioning,kubernetesDashboards");
  });

  it("uses only GF_<SECTION>_<KEY> names with non-empty values", () => {
    for (const [key, value] of Object.entries(defaults)) {
      expect(key).toMatch(/^GF_[A-Z]+(_[A-Z0-9]+)+(__FILE)?$/);
      expect(value, key).not.toBe("");
    }
  });
});

describe("Grafana service spec", () => {
  const spec = grafanaSpec(testSettings({}));

  it("checks /api/health, keeps SQLite on a volume and mounts the admin password and secret key as secret files", () => {
    expect(spec.healthCheck.http).toEqual({ port: 3000, path: "/api/health" });
    expect(spec.healthCheck.command.join(" ")).toContain("/api/health");
    expect(spec.volumes).toEqual([
      expect.objectContaining({ name: "grafana-data", mountPath: "/var/lib/grafana" }),
    ]);
    expect(spec.secretFiles).toEqual([
      { path: GRAFANA_ADMIN_PASSWORD_FILE, secret: "grafanaAdminPassword" },
      { path: GRAFANA_SECRET_KEY_FILE, secret: "grafanaSecretKey" },
    ]);
    expect(spec.security.readOnlyRootFilesystem).toBe(true);
    expect(spec.tmpfs).toContain(spec.env.GF_PATHS_LOGS);
  });

  it("pins the image", () => {
    expect(spec.image).toMatch(/^grafana\/grafana:\d+\.\d+\.\d+$/);
  });
});

describe("Grafana datasources", () => {
  it("links Prometheus to Alertmanager and scrapes at the stack's interval", () => {
    const [prometheus, alertmanager, loki] = datasourceDefinitions(
      testSettings({ scrapeInterval: "30s", grafana: { queryTimeout: "2m" } }),
    );
    expect(prometheus).toMatchObject({
      uid: DATASOURCE_UIDS.prometheus,
      type: "prometheus",
      isDefault: true,
      jsonData: {
        httpMethod: "POST",
        timeInterval: "30s",
        queryTimeout: "2m",
        timeout: 120,
        alertmanagerUid: DATASOURCE_UIDS.alertmanager,
      },
    });
    expect(alertmanager).toMatchObject({
      uid: DATASOURCE_UIDS.alertmanager,
      type: "alertmanager",
      isDefault: false,
      jsonData: { implementation: "prometheus" },
    });
    expect(loki).toMatchObject({ uid: DATASOURCE_UIDS.loki, type: "loki", isDefault: false });
  });

  it("adds Loki only with the logs profile, with links for the ids the node logs", () => {
    expect(datasourceDefinitions(testSettings({ logs: { enabled: false } })).map((ds) => ds.service)).toEqual(
      ["prometheus", "alertmanager"],
    );
    const loki = datasourceDefinitions(testSettings({})).find((ds) => ds.service === "loki");
    const fields = loki?.jsonData.derivedFields as { name: string; matcherRegex: string; url: string }[];
    expect(fields.map((field) => field.name)).toEqual(["peer", "block_height"]);
    // The regexes must find the ids in real log lines (format: shared/xai-node-logs.md).
    const line =
      '{"timestamp": "2026-11-25T02:45:49.895658+00:00", "level": "INFO", "event": "mining.block_found", ' +
      '"peer": "10.0.0.7:8333", "block_height": 1042}';
    expect(fields.map((field) => new RegExp(field.matcherRegex).exec(line)?.[1])).toEqual([
      "10.0.0.7:8333",
      "1042",
    ]);
    for (const field of fields) expect(field.url).toContain("${__value.raw}");
  });
});

describe("grafana settings: bad input", () => {
  it.each([
    ["not a url", "grafana.rootUrl: expected an http(s) URL"],
    ["ftp://grafana.example.org", "grafana.rootUrl: expected an http(s) URL"],
    ["https://grafana.example.org/", "grafana.rootUrl: expected a URL without a trailing slash"],
  ])("rejects root URL %j with the key path and the expected form", (rootUrl, message) => {
    expect(problemsFor({ grafana: { rootUrl } })).toContain(message);
  });

  it("names every bad grafana key at once", () => {
    const message = problemsFor({
      grafana: {
        adminUser: "has spaces",
        plugins: ["Not A Plugin"],
        featureToggles: ["bad-toggle"],
        queryTimeout: "soon",
        alertingEnabled: "yes",
        colour: "blue",
      },
    });
    for (const expected of [
      "grafana.adminUser: expected a user name",
      "grafana.plugins[0]: expected a plugin id such as grafana-clock-panel",
      "grafana.featureToggles[0]: expected a feature toggle name",
      "grafana.queryTimeout: expected a duration",
      "grafana.alertingEnabled:",
      "grafana.colour: unknown key",
    ]) {
      expect(message).toContain(expected);
    }
  });

  it("defaults to a safe, complete section", () => {
    expect(testSettings({}).grafana).toEqual({
      adminUser: "admin",
      featureToggles: [],
      plugins: [],
      alertingEnabled: false,
      queryTimeout: "60s",
      topNodes: 10,
    });
  });

  it.each([0, 2.5, 101, "ten"])(
    "rejects grafana.topNodes %j naming the key, the form and the value",
    (topNodes) => {
      const message = problemsFor({ grafana: { topNodes } });
      expect(message).toContain(
        "grafana.topNodes: expected a whole number of nodes from 1 to 100, such as 10",
      );
      expect(message).toContain(JSON.stringify(topNodes));
    },
  );
});
