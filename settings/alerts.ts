import { z } from "zod";
import { ALERT_NAMES, ALERT_THRESHOLDS, isAlertName } from "./alertNames";
import { THRESHOLDS, TUNABLE_THRESHOLDS, type TunableThreshold } from "./thresholds";
import { duration, labels, name } from "./fields";
import { SEVERITIES } from "./names";
import { referenceHeights } from "./referenceHeights";

/**
 * Labels routing, inhibition and grouping depend on: an override may not set them, since a silent change
 * would reroute or merge alerts. Severity has its own field.
 */
/**
 * Alerts whose threshold is a bucket bound of the node's histogram: the alert counts requests or fees in
 * the buckets above it, so only a bound the node exports can be a threshold, and the contract's bounds
 * are fixed by the node (metrics/xai-node-metrics.json).
 */
const BUCKET_BOUND_ALERTS: Readonly<Record<string, string>> = {
  HighTransactionFees: ` (its threshold is the ${String(THRESHOLDS.feeP75Xai)} XAI bound of xai_transaction_fee_xai, the histogram's top bucket: the node cannot tell a higher fee apart, so use enabled or for: to quiet it)`,
  SlowAPIResponses: ` (its threshold is the ${String(THRESHOLDS.apiP95Seconds)}s bound of xai_api_request_duration_seconds, the histogram's top bucket: the node cannot tell a slower request apart, so use enabled or for: to quiet it)`,
};

export const RESERVED_ALERT_LABELS = [
  "alertname",
  "severity",
  "service",
  "node",
  "network",
  "job",
  "instance",
  "cluster",
] as const;

const thresholdValue = z
  .number({ error: "expected a number" })
  .positive({ error: "expected a positive number" });

const alertOverride = z.strictObject({
  enabled: z.boolean({ error: "expected true or false" }).optional(),
  threshold: thresholdValue.optional(),
  for: duration.optional(),
  severity: z.enum(SEVERITIES, { error: "expected critical, warning or info" }).optional(),
  labels: labels
    .superRefine((given, ctx) => {
      for (const label of Object.keys(given)) {
        if ((RESERVED_ALERT_LABELS as readonly string[]).includes(label)) {
          ctx.addIssue({
            code: "custom",
            path: [label],
            message: `expected a label other than ${RESERVED_ALERT_LABELS.join(", ")}: routing and inhibition depend on them (set severity with the severity field)`,
          });
        }
      }
    })
    .optional(),
});
export type AlertOverride = z.infer<typeof alertOverride>;

/** `alerts`: per alert name, what to change about it. Checked against the alerts the stack renders. */
export const alertOverrides = z
  .record(z.string(), alertOverride)
  .default({})
  .superRefine((overrides, ctx) => {
    for (const [alertName, override] of Object.entries(overrides)) {
      if (!isAlertName(alertName)) {
        ctx.addIssue({
          code: "custom",
          path: [alertName],
          message: `expected the name of an alert; valid names: ${ALERT_NAMES.join(", ")}`,
        });
        continue;
      }
      if (override.threshold !== undefined && ALERT_THRESHOLDS[alertName] === undefined) {
        const tunable = ALERT_NAMES.filter((known) => ALERT_THRESHOLDS[known] !== undefined);
        ctx.addIssue({
          code: "custom",
          path: [alertName, "threshold"],
          message: `expected no threshold: ${alertName} has none to override (its fields: enabled, for, severity, labels)${BUCKET_BOUND_ALERTS[alertName] ?? ""}; alerts with a threshold: ${tunable.join(", ")}`,
        });
      }
    }
  });
export type AlertOverrides = z.output<typeof alertOverrides>;

const networkThresholds = z
  .strictObject(
    Object.fromEntries(TUNABLE_THRESHOLDS.map((key) => [key, thresholdValue.optional()])) as Record<
      TunableThreshold,
      z.ZodOptional<typeof thresholdValue>
    >,
  )
  .default({});

/**
 * `networks`: per XAI network (the `network` label), thresholds that differ from the defaults and the
 * reference height sources its nodes are compared with.
 */
export const networkSettings = z
  .record(name, z.strictObject({ thresholds: networkThresholds, referenceHeights }))
  .default({});
export type NetworkSettings = z.output<typeof networkSettings>;
