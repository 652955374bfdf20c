import { z } from "zod";
import {
  absoluteDirectory,
  byteSize,
  duration,
  durationSeconds,
  name,
  positiveDuration,
  refuseRepeats,
} from "./fields";

const DAY_SECONDS = 86_400;

/**
 * Loki's retention period. The compactor applies retention per daily index table, so anything that is not
 * a whole number of days (24h index period) would silently round; reject it instead.
 */
export const lokiRetentionPeriod = duration
  .refine((value) => {
    const seconds = durationSeconds(value);
    return seconds >= DAY_SECONDS && seconds % DAY_SECONDS === 0;
  }, "expected a whole number of days for Loki retention, a multiple of 24h such as 168h, 720h or 30d")
  .meta({
    form: "duration in whole days (168h, 30d)",
  });

/** One XAI node whose JSON log files sit on the shipper's host. */
const xaiNodeLogSource = z.strictObject({
  /** Value of the `node` label; use the node's name in xaiNodes. */
  node: name,
  /** Value of the `network` label. */
  network: name.default("mainnet"),
  /** Host directory holding xai-node.log ($XAI_LOG_DIR, by default $XAI_DATA_DIR/logs). */
  directory: absoluteDirectory,
});
export type XaiNodeLogSource = z.infer<typeof xaiNodeLogSource>;

const positiveInt = (example: string) =>
  z
    .number({ error: `expected a positive whole number such as ${example}` })
    .int({ error: `expected a positive whole number such as ${example}` })
    .positive({ error: `expected a positive whole number such as ${example}` });

const positiveNumber = (example: string) =>
  z
    .number({ error: `expected a positive number such as ${example}` })
    .positive({ error: `expected a positive number such as ${example}` });

/** Loki limits sized for one node's logs; raise them per stack if a busy node hits them. */
const LOKI_LIMIT_DEFAULTS = {
  ingestionRateMb: 8,
  ingestionBurstSizeMb: 16,
  maxLineSize: "256KB",
  maxLabelNamesPerSeries: 15,
  maxQuerySeries: 1000,
  maxEntriesLimitPerQuery: 10_000,
  maxQueryParallelism: 8,
  queryTimeout: "2m",
} as const;

const lokiLimits = z
  .strictObject({
    /** Per-tenant ingestion rate in MB/s. */
    ingestionRateMb: positiveNumber("8").default(LOKI_LIMIT_DEFAULTS.ingestionRateMb),
    /** Ingestion burst in MB. */
    ingestionBurstSizeMb: positiveNumber("16").default(LOKI_LIMIT_DEFAULTS.ingestionBurstSizeMb),
    /** Longer lines are truncated, not rejected. */
    maxLineSize: byteSize.default(LOKI_LIMIT_DEFAULTS.maxLineSize),
    /** Labels allowed per stream. */
    maxLabelNamesPerSeries: positiveInt("15").default(LOKI_LIMIT_DEFAULTS.maxLabelNamesPerSeries),
    /** Streams a metric query may return. */
    maxQuerySeries: positiveInt("1000").default(LOKI_LIMIT_DEFAULTS.maxQuerySeries),
    /** Log lines a query may return. */
    maxEntriesLimitPerQuery: positiveInt("10000").default(LOKI_LIMIT_DEFAULTS.maxEntriesLimitPerQuery),
    /** Sub-queries one query may run at once. */
    maxQueryParallelism: positiveInt("8").default(LOKI_LIMIT_DEFAULTS.maxQueryParallelism),
    /** Longest a query may run. */
    queryTimeout: positiveDuration.default(LOKI_LIMIT_DEFAULTS.queryTimeout),
  })
  .default(LOKI_LIMIT_DEFAULTS);

const LOGS_DEFAULTS = {
  enabled: true,
  shipper: "alloy",
  xaiNodeLogs: [],
  systemLogs: "journal",
  dropDebug: false,
  limits: LOKI_LIMIT_DEFAULTS,
} as const;

/** The logs profile: Loki plus one log shipper (Alloy by default; Promtail as the legacy option). */
export const logsSettings = z
  .strictObject({
    /** Runs Loki and the log shipper (the logs profile). */
    enabled: z.boolean({ error: "expected true or false" }).default(LOGS_DEFAULTS.enabled),
    /** Alloy, or the legacy Promtail (end of life since 2026-03-02: no security fixes; pinned to its last release). */
    shipper: z
      .enum(["alloy", "promtail"], { error: "expected alloy or promtail" })
      .default(LOGS_DEFAULTS.shipper),
    /** XAI nodes whose JSON log files are on the shipper's host, one entry per node. */
    xaiNodeLogs: z.array(xaiNodeLogSource).default([]),
    /** journal: the systemd journal; syslog: /var/log/syslog (hosts running rsyslog); off: neither. */
    systemLogs: z
      .enum(["journal", "syslog", "off"], { error: "expected journal, syslog or off" })
      .default(LOGS_DEFAULTS.systemLogs),
    /** Drop DEBUG records of the XAI node before they reach Loki. */
    dropDebug: z.boolean({ error: "expected true or false" }).default(LOGS_DEFAULTS.dropDebug),
    /** Loki ingestion and query limits. */
    limits: lokiLimits,
  })
  .superRefine((logs, ctx) => {
    refuseRepeats(logs.xaiNodeLogs, "node", ctx, (source, index, first) => ({
      path: ["xaiNodeLogs", index, "node"],
      message: `expected one log directory per node; "${source.node}" is already listed at xaiNodeLogs[${first}]`,
    }));
  })
  .default({ ...LOGS_DEFAULTS, xaiNodeLogs: [], limits: { ...LOKI_LIMIT_DEFAULTS } });

export type LogsSettings = z.infer<typeof logsSettings>;
export type LogShipper = LogsSettings["shipper"];
