/**
 * `npm run notify-test -- --stack <name> [--url <alertmanager URL>] [--yes] [--timeout <seconds>]`:
 * after `pulumi up`, sends one test alert (label test="true") down each route of the rendered routing
 * tree to a running Alertmanager, reads back which integrations delivered it, prints
 * route -> receiver -> integration -> outcome, and resolves the test alerts before it exits.
 */
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import { alertmanagerExternalUrl, renderAlertmanagerFiles } from "../components/alertmanager/config";
import type { AlertmanagerConfig, Receiver, Route } from "../components/alertmanager/model";
import { SettingsError, parseSettings } from "../settings";
import { StackFileError, readStackConfig } from "../settings/stackFile";

export const TEST_ALERT_NAME = "NotifyTest";

/** One route of the tree, with labels that reach it and nothing earlier. */
export interface TestRoute {
  /** The route's matchers, or "(default)" for the root. */
  readonly route: string;
  readonly receiver: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly groupWaitSeconds: number;
  /** Integration name (as in alertmanager_notifications_total) to how many configs the receiver has. */
  readonly integrations: ReadonlyMap<string, number>;
}

export type Outcome = "delivered" | "failed" | "pending" | "no integration";

export interface DeliveryRow {
  readonly route: string;
  readonly receiver: string;
  readonly integration: string;
  readonly outcome: Outcome;
  readonly note?: string;
}

/** The run was refused before anything was sent (a pager would be reached without --yes). */
export class NotifyTestRefused extends Error {
  override readonly name = "NotifyTestRefused";
}

/** Alertmanager could not be reached or answered with an error. */
export class AlertmanagerUnreachable extends Error {
  override readonly name = "AlertmanagerUnreachable";
}

const INTEGRATION_KEYS: Readonly<Record<string, string>> = {
  slack_configs: "slack",
  pagerduty_configs: "pagerduty",
  email_configs: "email",
  webhook_configs: "webhook",
};

interface Matcher {
  readonly label: string;
  readonly op: "=" | "!=" | "=~" | "!~";
  readonly value: string;
}

/** Parses the matcher syntax the stack renders: label, operator, JSON-quoted value. */
function parseMatcher(text: string): Matcher {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(=~|!~|!=|=)(".*")$/.exec(text);
  if (!match) throw new Error(`unsupported matcher in the routing tree: ${text}`);
  return { label: match[1]!, op: match[2] as Matcher["op"], value: JSON.parse(match[3]!) as string };
}

function matches(matcher: Matcher, labels: Readonly<Record<string, string>>): boolean {
  const value = labels[matcher.label] ?? "";
  switch (matcher.op) {
    case "=":
      return value === matcher.value;
    case "!=":
      return value !== matcher.value;
    case "=~":
      return new RegExp(`^(?:${matcher.value})$`).test(value);
    case "!~":
      return !new RegExp(`^(?:${matcher.value})$`).test(value);
  }
}

/** The route Alertmanager picks for `labels`: the first matching child, recursively (no `continue` used). */
export function routeFor(root: Route, labels: Readonly<Record<string, string>>): Route {
  for (const child of root.routes ?? []) {
    if ((child.matchers ?? []).map(parseMatcher).every((matcher) => matches(matcher, labels))) {
      return routeFor(child, labels);
    }
  }
  return root;
}

/** A value the matcher accepts: the value itself, or the first alternative of a regular expression. */
function sampleValue(matcher: Matcher): string | undefined {
  if (matcher.op === "=") return matcher.value;
  if (matcher.op === "=~") return (matcher.value.split("|")[0] ?? "").replace(/\\(.)/g, "$1");
  return undefined;
}

function seconds(duration: string | undefined): number {
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400 };
  let total = 0;
  for (const [, amount, unit] of (duration ?? "0s").matchAll(/(\d+)(ms|s|m|h|d)/g))
    total += Number(amount) * (units[unit ?? "s"] ?? 1);
  return total;
}

function integrationsOf(receiver: Receiver | undefined): Map<string, number> {
  const found = new Map<string, number>();
  for (const [key, value] of Object.entries(receiver ?? {})) {
    const integration = INTEGRATION_KEYS[key];
    if (integration !== undefined && Array.isArray(value) && value.length > 0)
      found.set(integration, value.length);
  }
  return found;
}

/**
 * One test route per route of the tree: the root's direct children in order, then the root (default)
 * with labels no child matches. Every label set is checked against the tree before it is used.
 */
export function testRoutes(
  config: AlertmanagerConfig,
  common: Readonly<Record<string, string>>,
): TestRoute[] {
  const root = config.route;
  const base = { alertname: TEST_ALERT_NAME, severity: "warning", ...common, test: "true" };
  const candidates: { route: Route; description: string; labels: Record<string, string> }[] = [];
  for (const child of root.routes ?? []) {
    const labels: Record<string, string> = { ...base };
    for (const matcher of (child.matchers ?? []).map(parseMatcher)) {
      const value = sampleValue(matcher);
      if (value !== undefined) labels[matcher.label] = value;
    }
    candidates.push({ route: child, description: (child.matchers ?? []).join(", "), labels });
  }
  candidates.push({ route: root, description: "(default)", labels: { ...base, service: "notify-test" } });
  return candidates.map(({ route, description, labels }) => {
    const reached = routeFor(root, labels);
    if (reached !== route)
      throw new Error(`test labels for route ${description} reach receiver ${reached.receiver} instead`);
    const timings = route === root ? root : { ...root, ...route };
    return {
      route: description,
      receiver: route.receiver,
      labels,
      groupWaitSeconds: seconds(timings.group_wait),
      integrations: integrationsOf(config.receivers.find((receiver) => receiver.name === route.receiver)),
    };
  });
}

/** True when the route that critical alerts take has a PagerDuty integration. */
export function criticalRoutePages(config: AlertmanagerConfig): boolean {
  const route = routeFor(config.route, { severity: "critical", alertname: TEST_ALERT_NAME });
  return (integrationsOf(config.receivers.find((r) => r.name === route.receiver)).get("pagerduty") ?? 0) > 0;
}

/** Per integration: notifications (one per flush) and requests (one per attempt, retries included). */
export interface Counters {
  readonly notifications: ReadonlyMap<string, number>;
  readonly notificationsFailed: ReadonlyMap<string, number>;
  readonly requests: ReadonlyMap<string, number>;
  readonly requestsFailed: ReadonlyMap<string, number>;
}

const COUNTERS = {
  notifications_total: "notifications",
  notifications_failed_total: "notificationsFailed",
  notification_requests_total: "requests",
  notification_requests_failed_total: "requestsFailed",
} as const;

/**
 * Alertmanager's delivery counters per integration (failure reasons summed). A flush counts in
 * alertmanager_notifications_total before it is attempted and in _failed_total only once its retries give
 * up, so each attempt's result is read from alertmanager_notification_requests_total / _failed_total.
 */
export function parseNotificationCounters(metricsText: string): Counters {
  const found = new Map<string, Map<string, number>>(Object.values(COUNTERS).map((key) => [key, new Map()]));
  const line =
    /^alertmanager_(notifications_total|notifications_failed_total|notification_requests_total|notification_requests_failed_total)\{([^}]*)\} (\S+)$/gm;
  for (const [, name, labels, value] of metricsText.matchAll(line)) {
    const integration = /integration="([^"]*)"/.exec(labels ?? "")?.[1];
    const target = found.get(COUNTERS[name as keyof typeof COUNTERS]);
    if (integration === undefined || target === undefined) continue;
    target.set(integration, (target.get(integration) ?? 0) + Number(value));
  }
  const get = (key: string): Map<string, number> => found.get(key) ?? new Map<string, number>();
  return {
    notifications: get("notifications"),
    notificationsFailed: get("notificationsFailed"),
    requests: get("requests"),
    requestsFailed: get("requestsFailed"),
  };
}

function delta(now: Counters, before: Counters, key: keyof Counters, integration: string): number {
  return (now[key].get(integration) ?? 0) - (before[key].get(integration) ?? 0);
}

export interface NotifyTestOptions {
  readonly config: AlertmanagerConfig;
  readonly alertmanagerUrl: string;
  /** --yes: the operator accepts that pagers ring. */
  readonly confirmed: boolean;
  /** Labels every test alert carries (cluster, environment). */
  readonly commonLabels: Readonly<Record<string, string>>;
  /** The longest wait for one route's notifications (a clustered Alertmanager waits 15s per peer ahead of it). */
  readonly routeTimeoutSeconds: number;
  readonly print: (line: string) => void;
  readonly pollMs?: number;
}

async function call(url: string, init?: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new AlertmanagerUnreachable(
      `cannot reach Alertmanager at ${url}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!response.ok)
    throw new AlertmanagerUnreachable(`${url} answered ${response.status}: ${await response.text()}`);
  return response;
}

interface PostedAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly startsAt: string;
  readonly endsAt?: string;
}

async function postAlerts(base: string, alerts: readonly PostedAlert[]): Promise<void> {
  await call(`${base}/api/v2/alerts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(alerts),
  });
}

async function counters(base: string): Promise<Counters> {
  return parseNotificationCounters(await (await call(`${base}/metrics`)).text());
}

/** The receivers Alertmanager's API says the posted alert went to. */
async function receiversOf(base: string, labels: Readonly<Record<string, string>>): Promise<string[]> {
  const filter = Object.entries(labels)
    .map(([name, value]) => `filter=${encodeURIComponent(`${name}=${JSON.stringify(value)}`)}`)
    .join("&");
  const alerts = (await (await call(`${base}/api/v2/alerts?${filter}`)).json()) as {
    receivers: { name: string }[];
  }[];
  return alerts.flatMap((alert) => alert.receivers.map((receiver) => receiver.name));
}

function table(rows: readonly DeliveryRow[]): string[] {
  const header = ["route", "receiver", "integration", "result"];
  const cells = rows.map((row) => [
    row.route,
    row.receiver,
    row.integration,
    row.note === undefined ? row.outcome : `${row.outcome} (${row.note})`,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((cell) => (cell[column] ?? "").length)),
  );
  const format = (cell: readonly string[]): string =>
    cell
      .map((text, column) => text.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  return [format(header), format(widths.map((width) => "-".repeat(width))), ...cells.map(format)];
}

/**
 * The notification check. Routes are tested one after another because Alertmanager counts notifications
 * per integration only, not per receiver: the counter deltas while one route is tested are that route's.
 */
export async function runNotifyTest(options: NotifyTestOptions): Promise<DeliveryRow[]> {
  const base = options.alertmanagerUrl.replace(/\/+$/, "");
  // A node label of its own per run: a new group and new alerts each time, so a second run within
  // repeat_interval is notified again instead of deduplicated against the first.
  const runNode = `notify-test-${Date.now().toString(36)}`;
  const routes = testRoutes(options.config, { ...options.commonLabels, node: runNode });
  options.print(`Alertmanager: ${base}`);
  options.print('A test alert (test="true") will be sent down each route, reaching these receivers:');
  for (const route of routes) {
    const integrations = [...route.integrations.keys()].join(", ") || "no integration";
    options.print(`  ${route.route} -> ${route.receiver} (${integrations})`);
  }
  if (criticalRoutePages(options.config) && !options.confirmed) {
    throw new NotifyTestRefused(
      "The critical route has a PagerDuty integration: this test would page the on-call person. " +
        "Nothing was sent. Re-run with --yes once they know.",
    );
  }

  const rows: DeliveryRow[] = [];
  const posted: PostedAlert[] = [];
  const failing = new Set<string>();
  try {
    for (const route of routes) {
      const alert: PostedAlert = {
        labels: route.labels,
        annotations: {
          summary: `TEST notification for route ${route.route}: no action needed`,
          description: "Sent by npm run notify-test to check that this receiver is delivered to.",
        },
        // Started just over group_wait ago: Alertmanager flushes such a new group at once instead of
        // waiting (the digest's group_wait is 30m). Peers still wait their turn in a cluster.
        startsAt: new Date(Date.now() - (route.groupWaitSeconds + 1) * 1000).toISOString(),
      };
      const before = await counters(base);
      await postAlerts(base, [alert]);
      posted.push(alert);
      const receivers = await receiversOf(base, route.labels);
      if (!receivers.includes(route.receiver))
        throw new Error(
          `Alertmanager routed the test alert for ${route.route} to ${receivers.join(", ") || "nothing"}, ` +
            `not ${route.receiver}: is it running this stack's configuration?`,
        );
      if (route.integrations.size === 0) {
        rows.push({
          route: route.route,
          receiver: route.receiver,
          integration: "-",
          outcome: "no integration",
        });
        continue;
      }
      const deadline = Date.now() + options.routeTimeoutSeconds * 1000;
      const outcomes = new Map<string, Outcome>();
      for (;;) {
        const now = await counters(base);
        for (const [integration, expected] of route.integrations) {
          const succeeded =
            delta(now, before, "requests", integration) - delta(now, before, "requestsFailed", integration);
          const failed =
            delta(now, before, "requestsFailed", integration) +
            delta(now, before, "notificationsFailed", integration);
          if (succeeded >= expected) outcomes.set(integration, "delivered");
          // An earlier route's retries on a failing integration show up here too: only the deadline
          // decides for those.
          else if (failed > 0 && (!failing.has(integration) || Date.now() >= deadline))
            outcomes.set(integration, "failed");
        }
        // Stop once every integration delivered or failed: Alertmanager keeps retrying a failure, but
        // waiting for that would only delay the other routes.
        if ([...route.integrations.keys()].every((i) => outcomes.has(i)) || Date.now() >= deadline) break;
        await new Promise((done) => setTimeout(done, options.pollMs ?? 1_000));
      }
      for (const integration of route.integrations.keys()) {
        const outcome = outcomes.get(integration) ?? "pending";
        const shared = outcome === "failed" && failing.has(integration);
        if (outcome === "failed") failing.add(integration);
        rows.push({
          route: route.route,
          receiver: route.receiver,
          integration,
          outcome,
          ...(shared
            ? { note: `${integration} also failed for an earlier route; see Alertmanager's log` }
            : {}),
          ...(outcome === "pending" ? { note: `nothing sent within ${options.routeTimeoutSeconds}s` } : {}),
        });
      }
    }
  } finally {
    // Resolve every test alert, whatever happened above.
    const endsAt = new Date().toISOString();
    if (posted.length > 0)
      await postAlerts(
        base,
        posted.map((alert) => ({ ...alert, endsAt })),
      );
    if (posted.length > 0) options.print(`Resolved ${posted.length} test alert(s).`);
  }
  for (const line of table(rows)) options.print(line);
  return rows;
}

const USAGE =
  "usage: npm run notify-test -- --stack <name> [--url <alertmanager URL>] [--yes] [--timeout <seconds>] [--project <dir>]";

export async function main(argv: readonly string[], print: (line: string) => void): Promise<number> {
  let values: { stack?: string; url?: string; yes?: boolean; timeout?: string; project?: string };
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        stack: { type: "string" },
        url: { type: "string" },
        yes: { type: "boolean" },
        timeout: { type: "string" },
        project: { type: "string" },
      },
      strict: true,
    }).values;
  } catch (error) {
    print(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const timeout = Number(values.timeout ?? "120");
  if (!values.stack || !Number.isFinite(timeout) || timeout <= 0) {
    print(`--stack is required and --timeout must be a number of seconds above 0\n${USAGE}`);
    return 2;
  }
  try {
    const settings = parseSettings(
      readStackConfig(resolve(values.project ?? join(__dirname, "..")), values.stack),
    );
    const [main] = renderAlertmanagerFiles(settings).files;
    const config = parse(main?.content ?? "") as AlertmanagerConfig;
    const rows = await runNotifyTest({
      config,
      alertmanagerUrl: values.url ?? alertmanagerExternalUrl(settings),
      confirmed: values.yes === true,
      commonLabels: { cluster: settings.cluster, environment: settings.environment },
      routeTimeoutSeconds: timeout,
      print,
    });
    return rows.every((row) => row.outcome === "delivered" || row.outcome === "no integration") ? 0 : 1;
  } catch (error) {
    if (
      error instanceof SettingsError ||
      error instanceof StackFileError ||
      error instanceof NotifyTestRefused ||
      error instanceof AlertmanagerUnreachable
    ) {
      print(error.message);
      return error instanceof NotifyTestRefused ? 3 : 1;
    }
    throw error;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`)).then((code) => {
    process.exitCode = code;
  });
}
