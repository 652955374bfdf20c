import { renderRuleFiles } from "../../rules/render";
import type { ServiceSpec } from "../service";
import type { StackSettings } from "../../settings";
import { STORAGE_DEFAULTS } from "../../settings/kubernetes";
import { SERVICE_PORTS } from "../endpoints";
import { baseSpec, configFilesUnder, wgetHealthCheck } from "../specParts";
import { PROMETHEUS_CONFIG_DIR, PROMETHEUS_DATA_DIR, renderPrometheusConfig } from "./config";
import { prometheusPlatformNeeds } from "./kubernetesScrape";

/**
 * Retention as command-line flags. Prometheus 3.8 deprecated them in favour of `storage.tsdb.retention`
 * in prometheus.yml, but still honours them (v3.14.0 included); the 3.5 promtool the tests run refuses that
 * config field. The flags are valid for both the tested binary and the pinned image, so they stay until
 * the tested binary reaches 3.8.
 */
export function retentionFlags(settings: StackSettings): string[] {
  const flags = [`--storage.tsdb.retention.time=${settings.retention.prometheusTime}`];
  if (settings.retention.prometheusSize) {
    flags.push(`--storage.tsdb.retention.size=${settings.retention.prometheusSize}`);
  }
  return flags;
}

export function prometheusSpec(settings: StackSettings): ServiceSpec {
  return {
    ...baseSpec(settings, "prometheus", settings.images.prometheus),
    args: [
      `--config.file=${PROMETHEUS_CONFIG_DIR}/prometheus.yml`,
      `--storage.tsdb.path=${PROMETHEUS_DATA_DIR}`,
      ...retentionFlags(settings),
      // Lets operators reload rules and config with POST /-/reload instead of a restart.
      "--web.enable-lifecycle",
    ],
    ports: [
      {
        name: "http",
        containerPort: SERVICE_PORTS.prometheus,
        publishedPort: settings.expose.ports.prometheus,
      },
    ],
    configFiles: configFilesUnder(PROMETHEUS_CONFIG_DIR, [
      { relativePath: "prometheus.yml", content: renderPrometheusConfig(settings) },
      ...renderRuleFiles(settings),
    ]),
    volumes: [{ name: "prometheus-data", mountPath: PROMETHEUS_DATA_DIR, size: STORAGE_DEFAULTS.prometheus }],
    tmpfs: ["/tmp"],
    healthCheck: wgetHealthCheck(SERVICE_PORTS.prometheus, "/-/ready"),
    // The image's own user (nobody), which owns /prometheus.
    security: { user: "65534:65534", readOnlyRootFilesystem: true, addCapabilities: [], hostPid: false },
    ...prometheusPlatformNeeds(settings),
  };
}
