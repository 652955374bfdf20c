import { z } from "zod";

const target = z.looseObject({
  expr: z.string().optional(),
  instant: z.boolean().optional(),
  refId: z.string().optional(),
  hide: z.boolean().optional(),
});
interface Panel {
  readonly title?: string | undefined;
  readonly maxDataPoints?: number | undefined;
  readonly interval?: string | undefined;
  readonly targets?: z.infer<typeof target>[] | undefined;
  readonly panels?: Panel[] | undefined;
}
const panel: z.ZodType<Panel> = z.lazy(() =>
  z.looseObject({
    title: z.string().optional(),
    maxDataPoints: z.number().optional(),
    interval: z.string().optional(),
    targets: z.array(target).optional(),
    panels: z.array(panel).optional(),
  }),
);
const variable = z.looseObject({
  name: z.string(),
  type: z.string(),
  query: z.unknown().optional(),
  definition: z.string().optional(),
  allValue: z.string().optional(),
});
const dashboardModel = z.looseObject({
  uid: z.string(),
  title: z.string(),
  panels: z.array(panel),
  templating: z.looseObject({ list: z.array(variable) }).optional(),
});

export interface PanelQuery {
  readonly panel: string;
  readonly refId: string;
  readonly expr: string;
  readonly instant: boolean;
  /** The panel's query options, if it sets them: Grafana's max data points and minimum interval. */
  readonly maxDataPoints: number | undefined;
  readonly minIntervalSeconds: number | undefined;
}

/** A Grafana interval such as "30s", "5m" or "1h", in seconds. */
export function intervalSeconds(text: string): number {
  const match = /^(\d+)(s|m|h)$/.exec(text.trim());
  if (!match) throw new Error(`unsupported interval: ${text}`);
  return Number(match[1]) * { s: 1, m: 60, h: 3600 }[match[2] as "s" | "m" | "h"];
}

export interface DashboardQueries {
  readonly uid: string;
  readonly title: string;
  readonly queries: readonly PanelQuery[];
  /** Query variables: name, the label_values(...) expression, and the value Grafana uses for All. */
  readonly variables: readonly { name: string; definition: string; allValue: string | undefined }[];
}

/** Every visible panel query of a dashboard model (rows' nested panels included). */
export function dashboardQueries(model: unknown): DashboardQueries {
  const parsed = dashboardModel.parse(model);
  const queries: PanelQuery[] = [];
  const walk = (panels: readonly Panel[]): void => {
    for (const item of panels) {
      for (const t of item.targets ?? []) {
        if (t.expr && !t.hide) {
          queries.push({
            panel: item.title ?? "(untitled)",
            refId: t.refId ?? "A",
            expr: t.expr,
            instant: t.instant ?? false,
            maxDataPoints: item.maxDataPoints,
            minIntervalSeconds: item.interval === undefined ? undefined : intervalSeconds(item.interval),
          });
        }
      }
      walk(item.panels ?? []);
    }
  };
  walk(parsed.panels);
  const variables = (parsed.templating?.list ?? [])
    .filter((v) => v.type === "query")
    .map((v) => ({ name: v.name, definition: v.definition ?? "", allValue: v.allValue }));
  return { uid: parsed.uid, title: parsed.title, queries, variables };
}

/** `label_values(selector, label)` as Grafana's Prometheus data source reads it. */
export function parseLabelValues(definition: string): { selector: string; label: string } {
  const match = /^label_values\((.*),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)$/.exec(definition.trim());
  if (!match) throw new Error(`unsupported variable query: ${definition}`);
  return { selector: match[1]!, label: match[2]! };
}

export interface GrafanaTime {
  /** Seconds covered by the dashboard's time range. */
  readonly rangeSeconds: number;
  /** The data source's scrape interval (Grafana's "min interval"). */
  readonly scrapeSeconds: number;
  /** Grafana's max data points, roughly the panel width in pixels. */
  readonly maxDataPoints?: number;
}

/** The time settings Grafana applies to one panel query: the panel's max data points and minimum interval. */
export function panelTime(query: PanelQuery, time: GrafanaTime): GrafanaTime {
  return {
    rangeSeconds: time.rangeSeconds,
    scrapeSeconds: Math.max(time.scrapeSeconds, query.minIntervalSeconds ?? 0),
    maxDataPoints: query.maxDataPoints ?? time.maxDataPoints,
  };
}

/** Grafana's $__interval: range / max data points, never below the scrape interval, rounded to a whole second. */
export function grafanaInterval(time: GrafanaTime): number {
  return Math.max(time.scrapeSeconds, Math.ceil(time.rangeSeconds / (time.maxDataPoints ?? 1000)));
}

/**
 * Substitutes dashboard variables and Grafana's built-in macros the way Grafana does before it sends a
 * query to Prometheus. `values` are already formatted (a multi-value selection is `(a|b)`).
 */
export function substitute(
  expr: string,
  values: Readonly<Record<string, string>>,
  time: GrafanaTime,
): string {
  const interval = grafanaInterval(time);
  // $__rate_interval: max($__interval + scrape interval, 4 x scrape interval).
  const rateInterval = Math.max(interval + time.scrapeSeconds, 4 * time.scrapeSeconds);
  const macros: Record<string, string> = {
    __rate_interval: `${rateInterval}s`,
    __interval_ms: String(interval * 1000),
    __interval: `${interval}s`,
    __range_ms: String(time.rangeSeconds * 1000),
    __range_s: String(time.rangeSeconds),
    __range: `${time.rangeSeconds}s`,
    ...values,
  };
  return expr.replace(
    /\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\]/g,
    (whole, braced?: string, plain?: string, old?: string) => {
      const name = braced ?? plain ?? old ?? "";
      return macros[name] ?? whole;
    },
  );
}

/** How Grafana formats a multi-value selection for a Prometheus regex matcher. */
export function regexOf(values: readonly string[]): string {
  const escaped = values.map((value) => value.replace(/[\\^$*+?.()|[\]{}]/g, "\\\\$&"));
  return escaped.length === 1 ? escaped[0]! : `(${escaped.join("|")})`;
}
