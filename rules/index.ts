import type { StackSettings } from "../components/settings";
import { buildGroup, type AlertGroup, type AlertRule } from "./alert";
import { aiAlerts } from "./groups/ai";
import { apiAlerts } from "./groups/api";
import { blockchainAlerts } from "./groups/blockchain";
import { containerAlerts } from "./groups/containers";
import { hostAlerts } from "./groups/host";
import { miningAlerts } from "./groups/mining";
import { monitoringAlerts } from "./groups/monitoring";
import { networkAlerts } from "./groups/network";
import { otherAlerts } from "./groups/other";
import { systemAlerts } from "./groups/system";
import { transactionAlerts } from "./groups/transactions";
import { validationAlerts } from "./groups/validation";
import { sloAlerts } from "./slos/rules";

export type { AlertCase, AlertRule, AlertSpec, ExpectedAlert, InputSeries, ValueFormat } from "./alert";
export type { AlertDefinition, AlertService, Severity } from "./types";
export { NODE_LABELS } from "./types";
export {
  BUCKET_RATE,
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
  network: networkAlerts,
  transactions: transactionAlerts,
  system: systemAlerts,
  api: apiAlerts,
  mining: miningAlerts,
  validation: validationAlerts,
  other: otherAlerts,
  ai: aiAlerts,
  host: hostAlerts,
  containers: containerAlerts,
  monitoring: monitoringAlerts,
  /** Multiwindow burn-rate alerts of the SLOs; the file also holds their recording rules. */
  slo: sloAlerts,
};

/** Every alert of the stack, with the contract fields Alertmanager's inhibition is derived from. */
export function alertDefinitions(settings: StackSettings): readonly AlertRule[] {
  return Object.entries(ALERT_GROUPS).flatMap(([group, specs]) =>
    buildGroup(group, specs(settings), settings),
  );
}
