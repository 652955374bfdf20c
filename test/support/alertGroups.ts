import type { AlertGroup, AlertGroupSettings, AlertSpec } from "../../rules/types";
import { THRESHOLDS, withOverrides, type TunableThreshold } from "../../settings/thresholds";
import { testSettings } from "../../harness/settings";

export interface GroupInputs {
  /** Tunable thresholds laid over the defaults, as an alert or per-network override would. */
  readonly thresholds?: Readonly<Partial<Record<TunableThreshold, number>>>;
  readonly settings?: AlertGroupSettings;
}

/** The group's alerts by name, built from dev settings and the default thresholds unless given. */
export function alertsOf(group: AlertGroup, inputs: GroupInputs = {}): ReadonlyMap<string, AlertSpec> {
  const thresholds = inputs.thresholds === undefined ? THRESHOLDS : withOverrides(inputs.thresholds);
  const specs = group(inputs.settings ?? testSettings(), thresholds);
  return new Map(specs.map((spec) => [spec.name, spec]));
}

/** The named alert of the group; the test fails when the group does not define it. */
export function alertOf(group: AlertGroup, name: string, inputs: GroupInputs = {}): AlertSpec {
  const spec = alertsOf(group, inputs).get(name);
  if (spec === undefined) throw new Error(`the group defines no alert ${name}`);
  return spec;
}

/** The group's alert names per "severity/service", in definition order: what Alertmanager routes on. */
export function routingOf(group: AlertGroup): Record<string, string[]> {
  const routes: Record<string, string[]> = {};
  for (const spec of alertsOf(group).values()) {
    const route = `${spec.severity}/${spec.service}`;
    routes[route] = [...(routes[route] ?? []), spec.name];
  }
  return routes;
}

/** Every input series text of the alert's promtool cases, to see them follow a threshold. */
export function caseInputs(spec: AlertSpec): string[] {
  return spec.cases.flatMap((alertCase) => alertCase.input.map((input) => `${input.series} ${input.values}`));
}
