/**
 * Recording-rule names of the SLO rules. `node_slo:` series carry the node labels and `slo`; every SLO
 * shares one series name per window, told apart by its `slo` label.
 */

/** Windows the error ratio is recorded over: the alert windows of the SRE workbook. */
export const SLI_WINDOWS = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"] as const;
export type SliWindow = (typeof SLI_WINDOWS)[number];

type PerWindow<Prefix extends string> = { readonly [W in SliWindow]: `${Prefix}${W}` };

function perWindow<const Prefix extends string>(prefix: Prefix): PerWindow<Prefix> {
  return Object.fromEntries(SLI_WINDOWS.map((window) => [window, `${prefix}${window}`])) as PerWindow<Prefix>;
}

export const SLO_RECORDED = {
  /** Bad events (requests, or minutes for the time-based SLIs) in each window. */
  errors: perWindow("node_slo:sli_errors:increase"),
  /** All events in each window. */
  total: perWindow("node_slo:sli_total:increase"),
  /** Share (0-1) of bad events in each window. */
  errorRatio: perWindow("node_slo:sli_error:ratio_rate"),
  /** The same over the SLO's own window (28d or 30d, from its setting). */
  windowErrors: "node_slo:sli_errors:increase_slo_window",
  windowTotal: "node_slo:sli_total:increase_slo_window",
  windowErrorRatio: "node_slo:sli_error:ratio_slo_window",
  /** The objective as a ratio (0.995), one series per enabled SLO, for dashboards. */
  objective: "slo:objective:ratio",
  /** The SLO window in days, one series per enabled SLO. */
  windowDays: "slo:window:days",
} as const;

type LeafNames<T> = T extends string ? T : { [K in keyof T]: LeafNames<T[K]> }[keyof T];
export type SloRecordingName = LeafNames<typeof SLO_RECORDED>;
