import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { LOKI_DATA_DIR, renderLokiConfig, type LokiConfig } from "../../../components/loki/config";
import { lokiSpec } from "../../../components/loki/spec";
import { DEFAULT_IMAGES } from "../../../settings";
import { testSettings } from "../../../harness/settings";

/** Structural checks of the rendered loki.yaml, read back with a YAML parser (no Loki binary runs here). */

function rendered(values: Record<string, unknown> = {}): LokiConfig {
  return parse(renderLokiConfig(testSettings(values))) as LokiConfig;
}

describe("loki.yaml", () => {
  it("deletes logs after 30 days by default: retention enabled in the compactor with a delete request store", () => {
    const config = rendered();
    expect(config.compactor.retention_enabled).toBe(true);
    expect(config.limits_config.retention_period).toBe("720h");
    expect(config.compactor.delete_request_store).toBe("filesystem");
    expect(config.compactor.delete_request_store).toBe(config.schema_config.configs[0]?.object_store);
    expect(config.compactor.working_directory.startsWith(`${LOKI_DATA_DIR}/`)).toBe(true);
  });

  it("takes the retention period from retention.lokiPeriod", () => {
    expect(rendered({ retention: { lokiPeriod: "14d" } }).limits_config.retention_period).toBe("336h");
    const week = rendered({ retention: { lokiPeriod: "168h" } }).limits_config;
    expect(week.retention_period).toBe("168h");
    expect(week.max_query_lookback).toBe("168h");
  });

  it("uses one TSDB schema v13 with a 24h index period on the filesystem", () => {
    const { configs } = rendered().schema_config;
    expect(configs).toHaveLength(1);
    expect(configs[0]).toMatchObject({
      store: "tsdb",
      schema: "v13",
      object_store: "filesystem",
      index: { period: "24h" },
    });
    // A date string, not a YAML timestamp, so Loki's parser reads it.
    expect(renderLokiConfig(testSettings())).toMatch(/from: "\d{4}-\d{2}-\d{2}"/);
  });

  it("truncates long lines instead of rejecting them and applies the configured limits", () => {
    const limits = rendered({
      logs: {
        limits: { ingestionRateMb: 4, maxLineSize: "128KB", maxLabelNamesPerSeries: 12, queryTimeout: "1m" },
      },
    }).limits_config;
    expect(limits).toMatchObject({
      ingestion_rate_mb: 4,
      ingestion_burst_size_mb: 16,
      max_line_size: "128KB",
      max_line_size_truncate: true,
      max_label_names_per_series: 12,
      query_timeout: "1m",
      allow_structured_metadata: true,
    });
    expect(limits.max_query_series).toBeGreaterThan(0);
    expect(limits.max_entries_limit_per_query).toBeGreaterThan(0);
  });

  it("keeps its data on a volume at the storage path", () => {
    const spec = lokiSpec(testSettings());
    const config = rendered();
    expect(spec.volumes.map((volume) => volume.mountPath)).toEqual([LOKI_DATA_DIR]);
    expect(config.common.path_prefix).toBe(LOKI_DATA_DIR);
    expect(config.common.storage.filesystem.chunks_directory.startsWith(`${LOKI_DATA_DIR}/`)).toBe(true);
    expect(spec.configFiles[0]?.content).toBe(renderLokiConfig(testSettings()));
    expect(spec.args).toContain(`-config.file=${spec.configFiles[0]?.path ?? ""}`);
  });
});

describe("Loki service spec", () => {
  it("checks health with the binary itself, which needs Loki 3.7.0 or later in the distroless image", () => {
    const spec = lokiSpec(testSettings());
    expect(spec.healthCheck.command).toEqual(["/usr/bin/loki", "-health"]);
    expect(spec.healthCheck.http).toEqual({ port: 3100, path: "/ready" });
    const version = /:(\d+)\.(\d+)\.(\d+)$/.exec(DEFAULT_IMAGES.loki);
    expect(version).not.toBeNull();
    const [major, minor] = [Number(version?.[1]), Number(version?.[2])];
    expect(major === 3 && minor >= 7).toBe(true);
  });

  it("runs as the image's loki user with a read-only root filesystem", () => {
    expect(lokiSpec(testSettings()).security).toMatchObject({
      user: "10001:10001",
      readOnlyRootFilesystem: true,
    });
  });
});
