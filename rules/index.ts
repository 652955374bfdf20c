import type { StackSettings } from "../components/settings";
import { buildGroup, type AlertGroup, type AlertRule } from "./alert";
import { blockchainAlerts } from "./groups/blockchain";

export type { AlertCase, AlertRule, AlertSpec, ExpectedAlert, InputSeries, ValueFormat } from "./alert";
export type { AlertDefinition, AlertService, Severity } from "./types";
export { NODE_LABELS } from "./types";
export {
  FLEET_LATENCY,
  LATENCY,
  LATENCY_QUANTILES,
  RECORDED,
  recordingRules,
  type RecordingRuleName,
} from "./recording";
export { THRESHOLDS } from "./thresholds";

/** Alert groups in the order their files are rendered; each becomes rules/<group>.yml. */
export const ALERT_GROUPS: Readonly<Record<string, AlertGroup>> = {
  blockchain: blockchainAlerts,
};

/** Every alert of the stack, with the contract fields Alertmanager's inhibition is derived from. */
export function alertDefinitions(settings: StackSettings): readonly AlertRule[] {
  return Object.entries(ALERT_GROUPS).flatMap(([group, specs]) =>
    buildGroup(group, specs(settings), settings),
  );
}
