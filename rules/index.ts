import type { StackSettings } from "../settings";
import { alertThreshold } from "../settings/alertNames";
import { buildAlert } from "./alert";
import type { AlertCase, AlertGroup, AlertRule, AlertSpec } from "./types";
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

export type { AlertCase, AlertRule, AlertSpec, ExpectedAlert, InputSeries, ValueFormat } from "./types";
export type { AlertDefinition } from "./types";
export { NODE_LABELS } from "./types";
export { recordingRules } from "./recording";
export {
  BUCKET_RATE,
  FLEET_LATENCY,
  LATENCY,
  LATENCY_QUANTILES,
  RECORDED,
  type RecordingRuleName,
} from "./recordingNames";
export { THRESHOLDS } from "../settings/thresholds";
import { durationSeconds } from "../settings/fields";
import { delayed } from "./edgeCases";
import { selector } from "./promql";
import { THRESHOLDS, withOverrides, type Thresholds } from "../settings/thresholds";
import { XAI_JOB } from "../metrics";

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
  const overrides = settings.alerts;
  const disabled = new Set(
    Object.entries(overrides)
      .filter(([, override]) => override.enabled === false)
      .map(([name]) => name),
  );
  return Object.entries(ALERT_GROUPS).flatMap(([group, build]) => {
    // Each alert may be rebuilt per network's thresholds; build the group once per distinct set.
    const built = new Map<string, ReadonlyMap<string, AlertSpec>>();
    const specsWith = (thresholds: Thresholds): ReadonlyMap<string, AlertSpec> => {
      const key = JSON.stringify(thresholds);
      const cached = built.get(key);
      if (cached !== undefined) return cached;
      const specs = new Map(build(settings, thresholds).map((spec) => [spec.name, spec]));
      built.set(key, specs);
      return specs;
    };
    const defaults = specsWith(THRESHOLDS);
    return [...defaults.values()]
      .filter((spec) => !disabled.has(spec.name))
      .flatMap((spec) => {
        const override = overrides[spec.name] ?? {};
        const threshold = alertThreshold(spec.name);
        const alertThresholds =
          override.threshold !== undefined && threshold !== undefined
            ? withOverrides({ [threshold]: override.threshold })
            : THRESHOLDS;
        const base = specsWith(alertThresholds).get(spec.name) ?? spec;
        const variants = networkVariants(base, settings, alertThresholds, specsWith);
        const overridden = (variant: AlertSpec): AlertRule => {
          const longerFor =
            override.for === undefined ? 0 : durationSeconds(override.for) - durationSeconds(variant.for);
          const rule = buildAlert(
            group,
            {
              ...variant,
              for: override.for ?? variant.for,
              severity: override.severity ?? variant.severity,
              // Firing cases wait out a longer `for:`; the edge cases are generated for the effective one.
              cases:
                longerFor > 0
                  ? variant.cases.map((example) =>
                      example.fires.length > 0 ? delayed(example, longerFor) : example,
                    )
                  : variant.cases,
            },
            settings,
          );
          return {
            ...rule,
            labels: override.labels ?? {},
            // Disabled alerts neither fire nor get silenced: drop them from the targets.
            inhibits:
              rule.inhibits === "all-on-node"
                ? rule.inhibits
                : rule.inhibits.filter((name) => !disabled.has(name)),
          };
        };
        return variants.map(overridden);
      });
  });
}

/**
 * Thresholds with the stack's alert-wide `threshold` overrides applied: what dashboards colour by (a
 * per-network threshold has no single colour, so panels keep the alert-wide value).
 */
export function effectiveThresholds(settings: StackSettings): Thresholds {
  const specs = Object.values(ALERT_GROUPS).flatMap((build) => build(settings, THRESHOLDS));
  const overrides = Object.fromEntries(
    specs.flatMap((spec) => {
      const value = settings.alerts[spec.name]?.threshold;
      const threshold = alertThreshold(spec.name);
      return threshold !== undefined && value !== undefined ? [[threshold, value]] : [];
    }),
  );
  return withOverrides(overrides);
}

/**
 * One message per inhibition whose target settings disabled (`alerts.<name>.enabled: false`); the
 * inhibition is dropped from Alertmanager's rules, which the operator may not expect.
 */
export function disabledInhibitionWarnings(settings: StackSettings): string[] {
  const disabled = Object.entries(settings.alerts)
    .filter(([, override]) => override.enabled === false)
    .map(([name]) => name);
  if (disabled.length === 0) return [];
  const everything = alertDefinitions({ ...settings, alerts: {} });
  return everything.flatMap((alert) =>
    alert.inhibits === "all-on-node" || disabled.includes(alert.name)
      ? []
      : alert.inhibits
          .filter((target) => disabled.includes(target))
          .map(
            (target) =>
              `Alerts: ${alert.name} inhibits ${target}, which alerts.${target}.enabled=false disables; that inhibition is dropped.`,
          ),
  );
}

/**
 * The alert as rendered for each network with its own thresholds, plus the default for all other
 * networks; one spec when no network's thresholds change the expression. The split filters by the
 * network of the node's `up` series, and each variant's cases are moved to the network it covers.
 */
function networkVariants(
  base: AlertSpec,
  settings: StackSettings,
  thresholds: Thresholds,
  specsWith: (thresholds: Thresholds) => ReadonlyMap<string, AlertSpec>,
): AlertSpec[] {
  const split = Object.entries(settings.networks).flatMap(([network, { thresholds: own }]) => {
    const spec = specsWith({ ...thresholds, ...own }).get(base.name);
    return spec !== undefined && spec.expr !== base.expr ? [{ network, spec }] : [];
  });
  if (split.length === 0) return [base];
  const networks = split.map(({ network }) => network);
  const defaultNetwork = ["mainnet", "default-network"].find((candidate) => !networks.includes(candidate));
  const upOf = (network: string | { re: string }): string => selector("up", { job: XAI_JOB, network });
  return [
    {
      ...base,
      expr: `(${base.expr}) unless on (network) ${upOf({ re: networks.join("|") })}`,
      cases: base.cases.map((example) => onNetwork(example, defaultNetwork ?? "default-network")),
    },
    ...split.map(({ network, spec }) => ({
      ...spec,
      expr: `(${spec.expr}) and on (network) ${upOf(network)}`,
      cases: spec.cases.map((example) => onNetwork(example, network)),
    })),
  ];
}

/** A case moved from the mainnet nodes it was written for to another network. */
function onNetwork(example: AlertCase, network: string): AlertCase {
  if (network === "mainnet") return example;
  const quoted = JSON.stringify(network);
  return {
    ...example,
    title: `${example.title} (network ${network})`,
    input: example.input.map((input) => ({
      ...input,
      series: input.series.replaceAll('network="mainnet"', `network=${quoted}`),
    })),
    fires: example.fires.map((expected) => ({
      ...expected,
      labels: expected.labels.network === "mainnet" ? { ...expected.labels, network } : expected.labels,
    })),
  };
}
