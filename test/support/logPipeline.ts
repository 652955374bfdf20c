/**
 * A deliberately small evaluator of Promtail pipeline stages, written for our tests because no Promtail,
 * Alloy or Loki binary runs here. It implements only what our rendered pipelines use, following
 * Promtail's source (clients/pkg/logentry/stages): json with a JMESPath subset (fields, dotted paths,
 * `a || b`), timestamp with named and custom Go layouts built from 2006 01 02 15 04 05 .999999999 and
 * Z07:00, template with `{{ .X }}` and `{{ if .X }}…{{ else }}…{{ end }}`, labels, regex (RE2 named
 * groups), static_labels, match with `=` / `=~` selectors, structured_metadata, drop on source/value, and
 * output. Anything else throws, so a pipeline that grows beyond this subset cannot pass by accident.
 */

export interface LogEntry {
  readonly line: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Unix time in nanoseconds; Go keeps nanosecond precision, JavaScript Dates only milliseconds. */
  readonly timestampNs: bigint;
  readonly structuredMetadata: Readonly<Record<string, string>>;
}

export type PipelineResult =
  { readonly dropped: true; readonly reason: string } | ({ readonly dropped: false } & LogEntry);

type Extracted = Map<string, unknown>;

interface State {
  line: string;
  labels: Record<string, string>;
  timestampNs: bigint;
  structuredMetadata: Record<string, string>;
  extracted: Extracted;
  dropped?: string;
}

type StageConfig = Readonly<Record<string, unknown>>;

// ---- value conversion (stages/util.go getString) ----

function goString(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  return undefined;
}

// ---- JMESPath subset ----

function jmesTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

function jmesField(data: unknown, path: string): unknown {
  let current: unknown = data;
  for (const raw of path.split(".")) {
    const segment = raw.trim().replace(/^"(.*)"$/, "$1");
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) throw new Error(`unsupported JMESPath segment: ${raw}`);
    if (current === null || typeof current !== "object" || Array.isArray(current)) return null;
    current = (current as Record<string, unknown>)[segment] ?? null;
  }
  return current;
}

export function jmesSearch(data: unknown, expression: string): unknown {
  const alternatives = expression.split("||");
  let result: unknown = null;
  for (const alternative of alternatives) {
    result = jmesField(data, alternative);
    if (jmesTruthy(result)) return result;
  }
  return result;
}

// ---- Go time layouts ----

const NAMED_LAYOUTS: Record<string, string> = {
  RFC3339: "2006-01-02T15:04:05Z07:00",
  RFC3339Nano: "2006-01-02T15:04:05.999999999Z07:00",
};

const LAYOUT_TOKENS: readonly [string, string][] = [
  ["2006", "(?<year>\\d{4})"],
  [".999999999", "(?:\\.(?<fraction>\\d{1,9}))?"],
  [".000000", "\\.(?<fraction>\\d{6})"],
  ["Z07:00", "(?<zone>Z|[+-]\\d{2}:\\d{2})"],
  ["01", "(?<month>\\d{2})"],
  ["02", "(?<day>\\d{2})"],
  ["15", "(?<hour>\\d{2})"],
  ["04", "(?<minute>\\d{2})"],
  ["05", "(?<second>\\d{2})"],
];

function layoutPattern(layout: string): RegExp {
  let pattern = "^";
  let rest = layout;
  while (rest.length > 0) {
    const token = LAYOUT_TOKENS.find(([goToken]) => rest.startsWith(goToken));
    if (token) {
      pattern += token[1];
      rest = rest.slice(token[0].length);
    } else if (/^[-T: ]/.test(rest)) {
      pattern += rest.startsWith("-") ? "\\-" : rest.charAt(0);
      rest = rest.slice(1);
    } else {
      throw new Error(`unsupported Go layout element at "${rest}" in ${layout}`);
    }
  }
  return new RegExp(`${pattern}$`);
}

/** Parses like Go's time.ParseInLocation; only UTC is supported as a location. */
export function parseGoTime(layoutOrName: string, value: string, location: string | undefined): bigint {
  const layout = NAMED_LAYOUTS[layoutOrName] ?? layoutOrName;
  if (location !== undefined && location !== "UTC") throw new Error(`unsupported location ${location}`);
  const match = layoutPattern(layout).exec(value);
  const parts = match?.groups;
  if (!parts) throw new Error(`"${value}" does not match layout ${layout}`);
  const field = (key: string): number => Number(parts[key] ?? "0");
  const ms = Date.UTC(
    field("year"),
    field("month") - 1,
    field("day"),
    field("hour"),
    field("minute"),
    field("second"),
  );
  let offsetSeconds = 0;
  const zone = parts.zone;
  if (zone !== undefined && zone !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    offsetSeconds = sign * (Number(zone.slice(1, 3)) * 3600 + Number(zone.slice(4, 6)) * 60);
  }
  const fraction = (parts.fraction ?? "").padEnd(9, "0");
  return (BigInt(ms) / 1000n - BigInt(offsetSeconds)) * 1_000_000_000n + BigInt(fraction || "0");
}

// ---- Go text/template subset ----

type TemplateNode =
  | { kind: "text"; text: string }
  | { kind: "field"; name: string }
  | { kind: "if"; name: string; then: TemplateNode[]; otherwise: TemplateNode[] };

function parseTemplate(template: string): TemplateNode[] {
  const tokens = template.split(/(\{\{.*?\}\})/).filter((token) => token.length > 0);
  let position = 0;
  function parseUntil(stops: readonly string[]): { nodes: TemplateNode[]; stop?: string } {
    const nodes: TemplateNode[] = [];
    while (position < tokens.length) {
      const token = tokens[position++] ?? "";
      const action = /^\{\{\s*(.*?)\s*\}\}$/.exec(token)?.[1];
      if (action === undefined) {
        nodes.push({ kind: "text", text: token });
      } else if (stops.includes(action)) {
        return { nodes, stop: action };
      } else if (/^\.[A-Za-z_]\w*$/.test(action)) {
        nodes.push({ kind: "field", name: action.slice(1) });
      } else if (/^if \.[A-Za-z_]\w*$/.test(action)) {
        const name = action.slice(4);
        const then = parseUntil(["else", "end"]);
        const otherwise = then.stop === "else" ? parseUntil(["end"]).nodes : [];
        nodes.push({ kind: "if", name, then: then.nodes, otherwise });
      } else {
        throw new Error(`unsupported template action {{ ${action} }}`);
      }
    }
    return { nodes };
  }
  return parseUntil([]).nodes;
}

function runTemplate(nodes: readonly TemplateNode[], data: ReadonlyMap<string, string>): string {
  return nodes
    .map((node) => {
      if (node.kind === "text") return node.text;
      // A missing map key prints as "<no value>" in Go templates and is false in `if`.
      if (node.kind === "field") return data.get(node.name) ?? "<no value>";
      return runTemplate((data.get(node.name) ?? "") !== "" ? node.then : node.otherwise, data);
    })
    .join("");
}

// ---- LogQL stream selector subset ----

function selectorMatches(selector: string, labels: Readonly<Record<string, string>>): boolean {
  const body = /^\{(.*)\}$/.exec(selector.trim())?.[1];
  if (body === undefined) throw new Error(`unsupported selector ${selector}`);
  return body.split(",").every((matcher) => {
    const parsed = /^\s*([A-Za-z_]\w*)\s*(=~|=)\s*"(.*)"\s*$/.exec(matcher);
    if (!parsed) throw new Error(`unsupported matcher ${matcher}`);
    const [, name = "", operator, value = ""] = parsed;
    const actual = labels[name] ?? "";
    return operator === "=" ? actual === value : new RegExp(`^(?:${value})$`).test(actual);
  });
}

// ---- stages ----

function config(stage: StageConfig, name: string): StageConfig {
  return (stage[name] ?? {}) as StageConfig;
}

function runStage(stage: StageConfig, state: State): void {
  const [name] = Object.keys(stage);
  switch (name) {
    case "json": {
      let data: unknown;
      try {
        data = JSON.parse(state.line) as unknown;
      } catch {
        return; // malformed JSON: Promtail logs it and passes the line on unchanged
      }
      const expressions = config(stage, "json").expressions as Record<string, string>;
      for (const [key, expression] of Object.entries(expressions)) {
        const result = jmesSearch(data, expression || key);
        state.extracted.set(
          key,
          result === null || typeof result !== "object" ? (result ?? null) : JSON.stringify(result),
        );
      }
      return;
    }
    case "timestamp": {
      const c = config(stage, "timestamp");
      const value = goString(state.extracted.get(c.source as string));
      if (value === undefined) return; // fudge/skip both keep the entry
      const formats = [c.format as string, ...((c.fallback_formats as string[] | undefined) ?? [])];
      for (const format of formats) {
        try {
          state.timestampNs = parseGoTime(format, value, c.location as string | undefined);
          return;
        } catch {
          // try the next format, as Promtail does
        }
      }
      return;
    }
    case "template": {
      const c = config(stage, "template");
      const source = c.source as string;
      const data = new Map<string, string>();
      for (const [key, value] of state.extracted) {
        const text = goString(value);
        if (text === undefined) continue;
        data.set(key, text);
        if (key === source) data.set("Value", text);
      }
      data.set("Entry", state.line);
      const result = runTemplate(parseTemplate(c.template as string), data);
      if (result === "") state.extracted.delete(source);
      else state.extracted.set(source, result);
      return;
    }
    case "labels":
    case "structured_metadata": {
      const target = name === "labels" ? state.labels : state.structuredMetadata;
      for (const [label, source] of Object.entries(config(stage, name) as Record<string, string | null>)) {
        const value = goString(state.extracted.get(source ?? label));
        if (value !== undefined) target[label] = value;
      }
      return;
    }
    case "regex": {
      const c = config(stage, "regex");
      const value = goString(state.extracted.get(c.source as string));
      if (value === undefined) return;
      const expression = (c.expression as string).replaceAll("(?P<", "(?<");
      const groups = new RegExp(expression).exec(value)?.groups;
      // Optional groups that did not take part in the match are undefined at run time.
      for (const [key, group] of Object.entries(groups ?? {}) as [string, string | undefined][]) {
        if (group !== undefined) state.extracted.set(key, group);
      }
      return;
    }
    case "static_labels":
      Object.assign(state.labels, config(stage, "static_labels"));
      return;
    case "match": {
      const c = config(stage, "match");
      if (!selectorMatches(c.selector as string, state.labels)) return;
      for (const inner of c.stages as StageConfig[]) {
        runStage(inner, state);
        if (state.dropped !== undefined) return;
      }
      return;
    }
    case "drop": {
      const c = config(stage, "drop");
      if (Object.keys(c).some((key) => !["source", "value", "drop_counter_reason"].includes(key))) {
        throw new Error("only drop on source and value is supported");
      }
      if (goString(state.extracted.get(c.source as string)) === c.value) {
        state.dropped = (c.drop_counter_reason as string | undefined) ?? "drop_stage";
      }
      return;
    }
    case "output": {
      const value = goString(state.extracted.get(config(stage, "output").source as string));
      if (value !== undefined) state.line = value;
      return;
    }
    default:
      throw new Error(`stage ${String(name)} is outside this evaluator's subset`);
  }
}

/** Runs one line through the stages, starting from the scrape labels and the time it was read. */
export function runPipeline(
  stages: readonly StageConfig[],
  line: string,
  initialLabels: Readonly<Record<string, string>>,
  readAtNs: bigint,
): PipelineResult {
  const state: State = {
    line,
    labels: { ...initialLabels },
    timestampNs: readAtNs,
    structuredMetadata: {},
    extracted: new Map(),
  };
  for (const stage of stages) {
    runStage(stage, state);
    if (state.dropped !== undefined) return { dropped: true, reason: state.dropped };
  }
  return {
    dropped: false,
    line: state.line,
    labels: state.labels,
    timestampNs: state.timestampNs,
    structuredMetadata: state.structuredMetadata,
  };
}
