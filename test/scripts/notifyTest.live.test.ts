import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse, stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertmanagerConfig } from "../../components/alertmanager/model";
import { parseSettings, type SecretKey, type StackSettings } from "../../settings";
import { readStackConfig } from "../../settings/stackFile";
import { alertDefinitions } from "../../rules";
import {
  NotifyTestRefused,
  criticalRoutePages,
  runNotifyTest,
  type DeliveryRow,
} from "../../scripts/notifyTest";
import { e2eSecrets } from "../../harness/rehearsalSettings";
import { binaryPath } from "../../harness/binaries";
import { ProcessGroup, freePort } from "../../harness/processes";
import { ALERTING_SECRETS } from "../support/alertmanagerFixtures";
import { writeRendered, type RenderedAlertmanager } from "../support/alertmanagerFiles";
import { SmtpSink, WebhookSink } from "../../harness/sinks";

const PROJECT = resolve(__dirname, "../..");
const SMTP_USER = "alertmanager";
const SMTP_PASSWORD = "smtp-password";
/** Short group waits (the only change for speed), so each route answers within seconds. */
const FAST = { groupWait: "1s", groupInterval: "2s", repeatInterval: "1h" };

const sink = new WebhookSink();
const smtp = new SmtpSink({ username: SMTP_USER, password: SMTP_PASSWORD });
const processes = new ProcessGroup();
const projectDir = mkdtempSync(join(tmpdir(), "xai-notify-test-"));
let rendered: RenderedAlertmanager | undefined;
let settings: StackSettings;
let config: AlertmanagerConfig;
let alertmanagerUrl = "";

beforeAll(async () => {
  const sinkUrl = await sink.start();
  const smarthost = await smtp.start();
  // The Slack API channel's endpoint is broken: the check must report it as failed.
  sink.brokenPaths.add("/slack/api");
  const port = await freePort();
  alertmanagerUrl = `http://127.0.0.1:${String(port)}`;

  // A stack file as an operator has it: settings in the clear, credentials as Pulumi secrets.
  const prefix = "xai-observability";
  const stackFile: Record<string, unknown> = {
    [`${prefix}:target`]: "docker",
    [`${prefix}:alerting`]: {
      externalUrl: alertmanagerUrl,
      email: {
        to: ["oncall@xai.example"],
        from: "alertmanager@xai.example",
        smarthost,
        username: SMTP_USER,
        requireTls: false,
      },
      pagerduty: { eventsUrl: `${sinkUrl}/pagerduty` },
      timings: { default: FAST, critical: { ...FAST, repeatInterval: "5m" }, digest: FAST, watchdog: FAST },
    },
  };
  for (const key of ALERTING_SECRETS) stackFile[`${prefix}:${key}`] = { secure: "v1:encrypted" };
  writeFileSync(join(projectDir, "Pulumi.yaml"), stringify({ name: prefix, runtime: "nodejs" }));
  writeFileSync(join(projectDir, "Pulumi.notify.yaml"), stringify({ config: stackFile }));
  settings = parseSettings(readStackConfig(projectDir, "notify"));

  // The rehearsal's secrets lead every channel to the sink; only the SMTP login is this test's own.
  const secretValues: Record<SecretKey, string> = {
    ...e2eSecrets({ httpSink: sinkUrl }),
    smtpPassword: SMTP_PASSWORD,
  };

  rendered = writeRendered(settings, alertDefinitions(settings), (key: SecretKey) => secretValues[key]);
  config = parse(rendered.rendered.files[0]?.content ?? "") as AlertmanagerConfig;
  mkdirSync(join(rendered.dir, "data"));
  await processes.start({
    name: "alertmanager",
    command: binaryPath("alertmanager"),
    args: [
      `--config.file=${rendered.configFile}`,
      `--storage.path=${join(rendered.dir, "data")}`,
      `--web.listen-address=127.0.0.1:${String(port)}`,
      "--cluster.listen-address=",
    ],
    readyUrl: `${alertmanagerUrl}/-/ready`,
  });
});

afterAll(async () => {
  await processes.stopAll();
  await Promise.allSettled([sink.stop(), smtp.stop()]);
  rendered?.remove();
  rmSync(projectDir, { recursive: true, force: true });
});

async function activeTestAlerts(): Promise<unknown[]> {
  const filter = encodeURIComponent('test="true"');
  const response = await fetch(`${alertmanagerUrl}/api/v2/alerts?active=true&filter=${filter}`);
  return (await response.json()) as unknown[];
}

/**
 * Runs the CLI without blocking this process: the sinks answering Alertmanager live in it, so a
 * synchronous spawn would make every delivery time out.
 */
function cli(args: readonly string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(
      join(PROJECT, "node_modules/.bin/tsx"),
      [join(PROJECT, "scripts/notifyTest.ts"), ...args],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), 100_000);
    child.once("error", fail);
    child.once("close", (status) => {
      clearTimeout(timer);
      done({ status, stdout, stderr });
    });
  });
}

const run = (confirmed: boolean, lines: string[]): Promise<DeliveryRow[]> =>
  runNotifyTest({
    config,
    alertmanagerUrl,
    confirmed,
    commonLabels: { cluster: settings.cluster, environment: settings.environment },
    routeTimeoutSeconds: 30,
    print: (line) => lines.push(line),
    pollMs: 250,
  });

describe("notify-test against a live Alertmanager and local sinks", () => {
  it("refuses without --yes when the critical route pages, after naming every receiver, and sends nothing", async () => {
    expect(criticalRoutePages(config)).toBe(true);
    const lines: string[] = [];
    await expect(run(false, lines)).rejects.toBeInstanceOf(NotifyTestRefused);
    expect(lines.join("\n")).toContain('severity="critical" -> critical-page (slack, pagerduty, email)');
    expect(sink.received).toEqual([]);
    expect(smtp.received).toEqual([]);
    expect(await activeTestAlerts()).toEqual([]);
  });

  it("sends one marked test alert per route, reports each integration, and resolves them", async () => {
    const lines: string[] = [];
    const rows = await run(true, lines);
    const outcome = (receiver: string, integration: string): string | undefined =>
      rows.find((row) => row.receiver === receiver && row.integration === integration)?.outcome;
    // Every route of the rendered tree is there: its children, then the default.
    expect(new Set(rows.map((row) => row.route)).size).toBe((config.route.routes?.length ?? 0) + 1);
    expect(outcome("critical-page", "pagerduty")).toBe("delivered");
    expect(outcome("critical-page", "slack")).toBe("delivered");
    expect(outcome("critical-page", "email")).toBe("delivered");
    expect(outcome("watchdog", "webhook")).toBe("delivered");
    expect(outcome("api-alerts", "slack")).toBe("failed");
    const notFailed = rows.filter((row) => row.receiver !== "api-alerts").map((row) => row.outcome);
    expect(new Set(notFailed)).toEqual(new Set(["delivered"]));
    // The table and the TEST marker people see in each channel.
    expect(lines.some((line) => /api-alerts\s+slack\s+failed/.test(line))).toBe(true);
    const critical = sink.delivered("/slack/critical", "NotifyTest");
    expect(critical).toHaveLength(1);
    expect(critical[0]?.body).toContain("[TEST - no action needed] [FIRING:1/0] NotifyTest");
    expect(smtp.delivered("oncall@xai.example", "Subject: [TEST - no action needed]")).not.toEqual([]);
    expect(await activeTestAlerts()).toEqual([]);
  }, 120_000);

  it("runs through the CLI: reads the stack file, prints the table, exits 1 for the failed receiver", async () => {
    const result = await cli([
      "--project",
      projectDir,
      "--stack",
      "notify",
      "--url",
      alertmanagerUrl,
      "--yes",
      "--timeout",
      "30",
    ]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/critical-page\s+pagerduty\s+delivered/);
    expect(result.stdout).toMatch(/api-alerts\s+slack\s+failed/);
    expect(result.stdout).toContain("Resolved 8 test alert(s).");
    expect(result.status).toBe(1);
  }, 120_000);

  it("refuses through the CLI without --yes (exit 3) and names the way out", async () => {
    const result = await cli(["--project", projectDir, "--stack", "notify", "--url", alertmanagerUrl]);
    expect(result.stdout).toContain("Re-run with --yes");
    expect(result.status).toBe(3);
  }, 60_000);
});
