import { durationSeconds, type StackSettings } from "../../settings";
import { SERVICE_PORTS, serviceAddress } from "../endpoints";
import { stringifyForGo } from "./yaml";

export const LOKI_GRPC_PORT = 9096;
export const LOKI_DATA_DIR = "/loki";
export const LOKI_CONFIG_DIR = "/etc/loki";
export const LOKI_CONFIG_PATH = `${LOKI_CONFIG_DIR}/loki.yaml`;
/** The stack's private DNS name for Loki, on both platforms. */
export const LOKI_URL = `http://${serviceAddress("loki")}`;
export const LOKI_PUSH_URL = `${LOKI_URL}/loki/api/v1/push`;

/** The first day of the schema; TSDB with a 24h index period, which retention requires. */
export const SCHEMA_START = "2024-01-01";

export interface LokiConfig {
  readonly auth_enabled: false;
  readonly server: { http_listen_port: number; grpc_listen_port: number; log_level: string };
  readonly common: {
    instance_addr: string;
    path_prefix: string;
    replication_factor: number;
    ring: { kvstore: { store: "inmemory" } };
    storage: { filesystem: { chunks_directory: string; rules_directory: string } };
  };
  readonly schema_config: {
    configs: readonly {
      from: string;
      store: "tsdb";
      object_store: "filesystem";
      schema: "v13";
      index: { prefix: string; period: "24h" };
    }[];
  };
  readonly compactor: {
    working_directory: string;
    compaction_interval: string;
    retention_enabled: boolean;
    retention_delete_delay: string;
    retention_delete_worker_count: number;
    delete_request_store: "filesystem";
  };
  readonly limits_config: {
    retention_period: string;
    max_query_lookback: string;
    max_query_length: string;
    ingestion_rate_mb: number;
    ingestion_burst_size_mb: number;
    max_line_size: string;
    max_line_size_truncate: boolean;
    max_label_names_per_series: number;
    max_query_series: number;
    max_entries_limit_per_query: number;
    max_query_parallelism: number;
    query_timeout: string;
    reject_old_samples: boolean;
    reject_old_samples_max_age: string;
    allow_structured_metadata: boolean;
  };
  readonly analytics: { reporting_enabled: boolean };
}

/** Whole hours, the unit Loki prints durations in; settings already guarantee whole days. */
function hours(duration: string): string {
  return `${Math.round(durationSeconds(duration) / 3600)}h`;
}

export function lokiConfig(settings: StackSettings): LokiConfig {
  const limits = settings.logs.limits;
  const retention = hours(settings.retention.lokiPeriod);
  return {
    auth_enabled: false,
    server: { http_listen_port: SERVICE_PORTS.loki, grpc_listen_port: LOKI_GRPC_PORT, log_level: "info" },
    common: {
      instance_addr: "127.0.0.1",
      path_prefix: LOKI_DATA_DIR,
      replication_factor: 1,
      ring: { kvstore: { store: "inmemory" } },
      storage: {
        filesystem: {
          chunks_directory: `${LOKI_DATA_DIR}/chunks`,
          rules_directory: `${LOKI_DATA_DIR}/rules`,
        },
      },
    },
    schema_config: {
      configs: [
        {
          from: SCHEMA_START,
          store: "tsdb",
          object_store: "filesystem",
          schema: "v13",
          index: { prefix: "index_", period: "24h" },
        },
      ],
    },
    // Without retention_enabled the compactor only compacts and logs live forever.
    compactor: {
      working_directory: `${LOKI_DATA_DIR}/compactor`,
      compaction_interval: "10m",
      retention_enabled: true,
      retention_delete_delay: "2h",
      retention_delete_worker_count: 150,
      delete_request_store: "filesystem",
    },
    limits_config: {
      retention_period: retention,
      // Queries never reach into data that retention has already marked for deletion.
      max_query_lookback: retention,
      max_query_length: `${Math.round(durationSeconds(settings.retention.lokiPeriod) / 3600) + 1}h`,
      ingestion_rate_mb: limits.ingestionRateMb,
      ingestion_burst_size_mb: limits.ingestionBurstSizeMb,
      max_line_size: limits.maxLineSize,
      max_line_size_truncate: true,
      max_label_names_per_series: limits.maxLabelNamesPerSeries,
      max_query_series: limits.maxQuerySeries,
      max_entries_limit_per_query: limits.maxEntriesLimitPerQuery,
      max_query_parallelism: limits.maxQueryParallelism,
      query_timeout: limits.queryTimeout,
      reject_old_samples: true,
      reject_old_samples_max_age: "168h",
      // The shippers attach api.request method and status class as structured metadata.
      allow_structured_metadata: true,
    },
    analytics: { reporting_enabled: false },
  };
}

/** loki.yaml for single-binary mode with filesystem storage. */
export function renderLokiConfig(settings: StackSettings): string {
  return stringifyForGo(lokiConfig(settings));
}
