/**
 * The SLOs this stack knows, keyed as in the `slos` setting, with their default objectives (percent of
 * good events). Plain data so the settings schema can use it without loading the rule builders.
 */
export const SLO_DEFAULTS = {
  apiAvailability: { objective: 99.5 },
  apiLatency: { objective: 99 },
  blockProduction: { objective: 99 },
  inSync: { objective: 99 },
} as const;
export type SloName = keyof typeof SLO_DEFAULTS;
export const SLO_NAMES = Object.keys(SLO_DEFAULTS) as SloName[];

/** SLO windows (the period the error budget covers). */
export const SLO_WINDOWS = ["28d", "30d"] as const;
export type SloWindow = (typeof SLO_WINDOWS)[number];
