import { NODE_LABELS, type AlertDefinition } from "../../rules/types";
import { equals, notEquals, oneOf, type InhibitRule } from "./model";

/** An inhibition only holds between alerts of the same node of the same cluster. */
export const INHIBITION_SCOPE = ["cluster", ...NODE_LABELS] as const;

/**
 * Inhibit rules derived from each definition's `inhibits`: a named list silences those alerts, and
 * "all-on-node" silences every other alert of the node. Fails on a name no definition has, since a typo
 * would silently stop the inhibition.
 */
export function inhibitRulesFor(definitions: readonly AlertDefinition[]): InhibitRule[] {
  const known = new Set(definitions.map((definition) => definition.name));
  const rules: InhibitRule[] = [];
  // An alert split by network renders once per network; one inhibit rule covers all of them.
  const byName = new Map(definitions.map((definition) => [definition.name, definition]));
  for (const definition of [...byName.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    const source = [equals("alertname", definition.name)];
    if (definition.inhibits === "all-on-node") {
      rules.push({
        source_matchers: source,
        target_matchers: [notEquals("alertname", definition.name)],
        equal: [...INHIBITION_SCOPE],
      });
      continue;
    }
    if (definition.inhibits.length === 0) continue;
    const unknown = definition.inhibits.filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new Error(`alert ${definition.name} inhibits unknown alert(s): ${unknown.join(", ")}`);
    }
    rules.push({
      source_matchers: source,
      target_matchers: [oneOf("alertname", [...definition.inhibits].sort())],
      equal: [...INHIBITION_SCOPE],
    });
  }
  return rules;
}
