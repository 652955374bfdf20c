export {
  API_LATENCY_BOUND_SECONDS,
  IN_SYNC_MAX_LAG_BLOCKS,
  SLO_DEFINITIONS,
  type SloDefinition,
} from "./definitions";
export { SLI_WINDOWS, SLO_RECORDED, type SliWindow, type SloRecordingName } from "./names";
export {
  SLO_DEFAULTS,
  SLO_NAMES,
  SLO_WINDOWS,
  type SloName,
  type SloWindow,
} from "../../settings/sloObjectives";
export {
  BURN_ALERTS,
  activeSlos,
  SLO_TEST_EVALUATION_INTERVAL,
  budgetSpent,
  burnAlertName,
  sloAlerts,
  sloRecordingRules,
  type ActiveSlo,
  type BurnAlertKind,
  type BurnRatePair,
} from "./rules";
