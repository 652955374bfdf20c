/**
 * Alert thresholds in one place: rules compare against them and dashboards colour panels with them,
 * so a change here moves both. Units are in each name.
 */
export const THRESHOLDS = {
  cpuPercent: { warning: 80, critical: 95 },
  memoryPercent: { warning: 85, critical: 95 },
  /** Used disk; warning and critical mean less than 10% and 5% free. */
  diskUsedPercent: { warning: 90, critical: 95 },
  threads: 1000,

  blockValidationP95Seconds: 2,
  miningP95Seconds: 600,
  syncPercent: 95,
  supplyChangeXaiPerMinute: 1000,
  /** Expected seconds between blocks; the height-lag tolerance below is derived from it. */
  blockTimeSeconds: 120,
  /**
   * Blocks a node may trail its network's best height; unset, it is 10 minutes of blocks
   * (see heightLagBlocks).
   */
  maxHeightLagBlocks: undefined as number | undefined,
  orphanedBlocksPerHour: 5,

  minPeers: 2,
  networkErrorsPerSecond: 0.5,
  networkLatencyP95Seconds: 2,

  mempoolTransactions: 10_000,
  /** p75 fee; equals the top finite fee bucket, so alerts count the observations above it instead. */
  feeP75Xai: 10,
  minTransactionsPerSecond: 1,

  apiErrorRatio: 0.1,
  /** p95 API latency; equals the top finite duration bucket (see feeP75Xai). */
  apiP95Seconds: 5,

  minHashrate: 1000,
  miningFailureRatio: 0.5,

  validationFailuresPerSecond: 0.1,

  aiTaskFailureRatio: 0.25,
  aiTaskP95Seconds: 30,

  hostMemoryAvailableRatio: 0.1,
  /** node_exporter filesystem prediction horizon. */
  filesystemFillHorizonHours: 24,
  clockOffsetSeconds: 0.05,

  containerMemoryLimitRatio: 0.9,
  containerRestartsPer15m: 2,
} as const;

/** Effective thresholds: the defaults with a stack's overrides applied (top-level numbers only). */
export type Thresholds = Omit<typeof THRESHOLDS, TunableThreshold> & {
  readonly [K in Exclude<TunableThreshold, "maxHeightLagBlocks">]: number;
} & { readonly maxHeightLagBlocks: number | undefined };

/**
 * Thresholds settings may override (globally through an alert's `threshold`, or per network): those
 * whose alerts' promtool cases are written relative to the threshold, so the cases follow an override.
 */
export const TUNABLE_THRESHOLDS = [
  "minHashrate",
  "minPeers",
  "mempoolTransactions",
  "syncPercent",
  "threads",
  "blockTimeSeconds",
  "maxHeightLagBlocks",
] as const satisfies readonly (keyof typeof THRESHOLDS)[];
export type TunableThreshold = (typeof TUNABLE_THRESHOLDS)[number];

/** The defaults with overrides applied. */
export function withOverrides(overrides: Readonly<Partial<Record<TunableThreshold, number>>>): Thresholds {
  return { ...THRESHOLDS, ...overrides };
}

/** Block times without a new block after which production counts as stalled (10 minutes at 120 s). */
const NO_BLOCK_WINDOW_BLOCKS = 5;

/**
 * The window of the "no block" alerts: five expected block times, so a chain with faster blocks (or the
 * rehearsal's simulated network) notices a stall sooner. Whole seconds, in PromQL duration form.
 */
export function noBlockWindow(thresholds: Thresholds): string {
  return promDuration(NO_BLOCK_WINDOW_BLOCKS * Math.ceil(thresholds.blockTimeSeconds));
}

/** How long a "no block" condition must hold before firing: one expected block time. */
export function noBlockFor(thresholds: Thresholds): string {
  return promDuration(Math.ceil(thresholds.blockTimeSeconds));
}

/** Seconds as a PromQL duration: whole minutes as `Nm`, otherwise `Ns`. */
export function promDuration(seconds: number): string {
  return seconds % 60 === 0 ? `${String(seconds / 60)}m` : `${String(seconds)}s`;
}

/** Seconds of blocks a node may trail its network before the lag alert counts it as behind. */
const HEIGHT_LAG_TOLERANCE_SECONDS = 600;

/** Blocks a node may trail: the override, or 10 minutes of blocks at the expected block time. */
export function heightLagBlocks(thresholds: Thresholds): number {
  return (
    thresholds.maxHeightLagBlocks ??
    Math.max(1, Math.ceil(HEIGHT_LAG_TOLERANCE_SECONDS / thresholds.blockTimeSeconds))
  );
}
