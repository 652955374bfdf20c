import { z } from "zod";
import { SLO_DEFAULTS, SLO_NAMES, SLO_WINDOWS, type SloName } from "./sloObjectives";

const OBJECTIVE_FORM = "expected a percentage above 1 and below 100, such as 99.5";

/**
 * An objective in percent. 100 leaves no error budget (every alert would divide by zero), and a value
 * of 1 or less is almost certainly a ratio (0.999) given where a percentage (99.9) is expected.
 */
const objective = z
  .number({ error: OBJECTIVE_FORM })
  .refine((value) => value > 0, { error: OBJECTIVE_FORM })
  .refine((value) => value <= 0 || value > 1, {
    error: `${OBJECTIVE_FORM}; this looks like a ratio, give it as a percentage (0.999 is 99.9)`,
  })
  .refine((value) => value < 100, { error: `${OBJECTIVE_FORM}; 100 leaves no error budget` });

function sloSetting(name: SloName) {
  const defaults = { objective: SLO_DEFAULTS[name].objective, window: "30d" as const, enabled: true };
  return z
    .strictObject({
      objective: objective
        .default(defaults.objective)
        .describe("Share of good events the SLO promises, in percent (99.5, not 0.995); below 100."),
      window: z
        .enum(SLO_WINDOWS, { error: "expected 28d or 30d" })
        .default(defaults.window)
        .describe("The period the error budget covers; burn rates are relative to it."),
      enabled: z
        .boolean({ error: "expected true or false" })
        .default(defaults.enabled)
        .describe("false drops the SLO's recording rules and burn alerts."),
    })
    .default(defaults);
}

/** `slos.<name>`: objective (percent), window (28d or 30d) and enabled, per SLO. */
export const sloSettings = z
  .strictObject(
    Object.fromEntries(SLO_NAMES.map((name) => [name, sloSetting(name)])) as {
      [N in SloName]: ReturnType<typeof sloSetting>;
    },
  )
  .default(
    Object.fromEntries(
      SLO_NAMES.map((name) => [
        name,
        { objective: SLO_DEFAULTS[name].objective, window: "30d", enabled: true },
      ]),
    ) as { [N in SloName]: { objective: number; window: "30d"; enabled: true } },
  );
export type SloSettings = z.infer<typeof sloSettings>;
