import { parse } from "yaml";

export interface RecordingRuleText {
  readonly record: string;
  readonly expr: string;
}

/** Recording rules from rendered rule files, in file and group order. */
export function recordingRulesOf(files: readonly { content: string }[]): RecordingRuleText[] {
  return files.flatMap((file) => {
    const doc = parse(file.content) as { groups?: { rules?: { record?: string; expr?: string }[] }[] } | null;
    return (doc?.groups ?? [])
      .flatMap((group) => group.rules ?? [])
      .filter(
        (rule): rule is RecordingRuleText => typeof rule.record === "string" && typeof rule.expr === "string",
      );
  });
}

/** A matcher that selects everything, as Grafana's All value (".*") does. */
const MATCHES_ALL = /^\s*[a-zA-Z_][a-zA-Z0-9_]*\s*=~\s*"\.\*"\s*$/;

/** A vector with no series, written without any selector. */
const EMPTY_VECTOR = "(vector(1) == 0)";

/** A matcher that selects nothing (an unset label is empty, which ".*" matches): the selector reads nothing. */
const MATCHES_NOTHING = /^\s*[a-zA-Z_][a-zA-Z0-9_]*\s*!~\s*"\.\*"\s*$/;

/**
 * Replaces each use of a recording rule with the expression it records, recursively: the "naive"
 * form of a query, computed from raw metrics at query time. A selector on a rule may only carry
 * match-everything matchers (the dashboards' All selection); anything else would change the result.
 */
export function inlineRecordingRules(expr: string, rules: readonly RecordingRuleText[]): string {
  const byName = new Map(rules.map((rule) => [rule.record, rule.expr]));
  const expand = (text: string, depth: number): string => {
    if (depth > 10) throw new Error(`recording rules nest too deeply in ${expr}`);
    return text.replace(
      /([a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z0-9_:]*)(\{([^}]*)\})?(\[[^\]:]+\])?/g,
      (whole, name: string, _b, matchers?: string, range?: string) => {
        const recorded = byName.get(name);
        if (recorded === undefined) return whole;
        const all = (matchers ?? "").split(",");
        // Selects nothing, as a rule or inlined: an empty vector from no series at all (the raw form would
        // read every sample only to drop them, which no one writing the naive query would do).
        if (all.some((matcher) => MATCHES_NOTHING.test(matcher))) {
          return range === undefined ? EMPTY_VECTOR : `${EMPTY_VECTOR}${range.slice(0, -1)}:]`;
        }
        const kept = all.filter((matcher) => matcher.trim() !== "" && !MATCHES_ALL.test(matcher));
        if (kept.length > 0) throw new Error(`cannot inline ${name} with matchers ${kept.join(",")}`);
        // A range over a rule becomes a subquery over its expression: `x[1h]` -> `(expr)[1h:]`.
        const subquery = range === undefined ? "" : `${range.slice(0, -1)}:]`;
        return `(${expand(recorded, depth + 1)})${subquery}`;
      },
    );
  };
  return expand(expr, 0);
}
