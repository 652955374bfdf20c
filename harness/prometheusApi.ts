import { z } from "zod";

const sample = z.strictObject({
  metric: z.record(z.string(), z.string()),
  value: z.tuple([z.number(), z.string()]),
});
const series = z.strictObject({
  metric: z.record(z.string(), z.string()),
  values: z.array(z.tuple([z.number(), z.string()])),
});
const queryResult = z.discriminatedUnion("resultType", [
  z.object({ resultType: z.literal("vector"), result: z.array(sample) }),
  z.object({ resultType: z.literal("matrix"), result: z.array(series) }),
  z.object({ resultType: z.literal("scalar"), result: z.tuple([z.number(), z.string()]) }),
  z.object({ resultType: z.literal("string"), result: z.tuple([z.number(), z.string()]) }),
]);
export type QueryResult = z.infer<typeof queryResult>;

const target = z.looseObject({
  labels: z.record(z.string(), z.string()),
  scrapePool: z.string(),
  scrapeUrl: z.string(),
  health: z.string(),
  lastError: z.string(),
});
export type Target = z.infer<typeof target>;

const rule = z.looseObject({
  name: z.string(),
  type: z.enum(["alerting", "recording"]),
  health: z.string(),
  lastError: z.string().optional(),
  state: z.string().optional(),
  evaluationTime: z.number().optional(),
});
const ruleGroup = z.looseObject({
  name: z.string(),
  file: z.string(),
  rules: z.array(rule),
  evaluationTime: z.number(),
});
export type RuleGroup = z.infer<typeof ruleGroup>;

const alert = z.looseObject({
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  state: z.string(),
});
export type PrometheusAlert = z.infer<typeof alert>;

function envelope<T extends z.ZodType>(data: T) {
  return z.looseObject({ status: z.literal("success"), data });
}

/** A small typed client for the parts of Prometheus's HTTP API the tests and benchmarks read. */
export class PrometheusApi {
  constructor(readonly baseUrl: string) {}

  private async get<T extends z.ZodType>(
    path: string,
    params: Record<string, string>,
    shape: T,
  ): Promise<z.infer<T>> {
    const url = `${this.baseUrl}${path}?${new URLSearchParams(params).toString()}`;
    const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
    const body: unknown = await response.json();
    const parsed = envelope(shape).safeParse(body);
    if (!response.ok || !parsed.success) {
      throw new Error(
        `GET ${path} ${JSON.stringify(params)} failed: ${response.status} ${JSON.stringify(body)}`,
      );
    }
    return parsed.data.data as z.infer<T>;
  }

  query(expr: string, time?: number): Promise<QueryResult> {
    return this.get(
      "/api/v1/query",
      { query: expr, ...(time === undefined ? {} : { time: String(time) }) },
      queryResult,
    );
  }

  queryRange(expr: string, start: number, end: number, stepSeconds: number): Promise<QueryResult> {
    return this.get(
      "/api/v1/query_range",
      { query: expr, start: String(start), end: String(end), step: String(stepSeconds) },
      queryResult,
    );
  }

  async targets(): Promise<Target[]> {
    return (
      await this.get(
        "/api/v1/targets",
        { state: "active" },
        z.looseObject({ activeTargets: z.array(target) }),
      )
    ).activeTargets;
  }

  async ruleGroups(): Promise<RuleGroup[]> {
    return (await this.get("/api/v1/rules", {}, z.looseObject({ groups: z.array(ruleGroup) }))).groups;
  }

  async alerts(): Promise<PrometheusAlert[]> {
    return (await this.get("/api/v1/alerts", {}, z.looseObject({ alerts: z.array(alert) }))).alerts;
  }

  async labelValues(label: string, match: string): Promise<string[]> {
    return this.get(`/api/v1/label/${label}/values`, { "match[]": match }, z.array(z.string()));
  }
}

/** Whether a query result holds at least one sample. */
export function hasData(result: QueryResult): boolean {
  switch (result.resultType) {
    case "vector":
      return result.result.length > 0;
    case "matrix":
      return result.result.some((s) => s.values.length > 0);
    case "scalar":
    case "string":
      return true;
  }
}
