import { ALERT_GROUPS } from "./index";
import { defaultSloSettings } from "./slos/rules";
import { THRESHOLDS, type TunableThreshold } from "../settings/thresholds";

export interface CatalogAlert {
  readonly name: string;
  readonly group: string;
  readonly threshold: TunableThreshold | undefined;
}

/** Every alert the rules define, with the threshold an override may set: what settings validate against. */
export function alertCatalog(): readonly CatalogAlert[] {
  return Object.entries(ALERT_GROUPS).flatMap(([group, specs]) =>
    specs({ expectedVersion: undefined, slos: defaultSloSettings() }, THRESHOLDS).map((spec) => ({
      name: spec.name,
      group,
      threshold: spec.threshold,
    })),
  );
}
