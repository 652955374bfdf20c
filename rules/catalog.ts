import { ALERT_GROUPS } from "./index";
import { defaultSloSettings } from "./slos/rules";
import { THRESHOLDS } from "../settings/thresholds";

/** Every alert the rule groups define, in rule-file order: what settings' ALERT_THRESHOLDS must list. */
export function definedAlertNames(): string[] {
  return Object.values(ALERT_GROUPS).flatMap((specs) =>
    specs({ expectedVersion: undefined, slos: defaultSloSettings() }, THRESHOLDS).map((spec) => spec.name),
  );
}
