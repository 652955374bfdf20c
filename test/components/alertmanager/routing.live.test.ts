import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { inhibitRulesFor } from "../../../components/alertmanager/inhibition";
import { renderStackFiles, writeStackFiles } from "../../../scripts/render";
import { alertDefinitions } from "../../../rules";
import { SLO_GROUP } from "../../../rules/render";
import { SLO_NAMES } from "../../../rules/slos";
import { runTool } from "../../../harness/binaries";
import { testSettings } from "../../../harness/settings";
import { alertingSettings, FIXTURE_DEFINITIONS, TEST_EMAIL } from "../../support/alertmanagerFixtures";
import { writeRendered, type RenderedAlertmanager } from "../../support/alertmanagerFiles";

const written: RenderedAlertmanager[] = [];
afterAll(() => {
  for (const rendered of written) rendered.remove();
});

function render(...args: Parameters<typeof alertingSettings>): RenderedAlertmanager {
  const rendered = writeRendered(alertingSettings(...args), FIXTURE_DEFINITIONS);
  written.push(rendered);
  return rendered;
}

/** Asks amtool which receivers a label set reaches, and asserts exactly `receivers`. */
function expectRoute(configFile: string, labels: Record<string, string>, receivers: readonly string[]): void {
  const labelArgs = Object.entries(labels).map(([name, value]) => `${name}=${value}`);
  const result = runTool("amtool", [
    "config",
    "routes",
    "test",
    `--config.file=${configFile}`,
    `--verify.receivers=${receivers.join(",")}`,
    ...labelArgs,
  ]);
  expect(
    { labels, status: result.status, output: result.stdout.trim() },
    `amtool routed ${labelArgs.join(" ")} to ${result.stdout.trim()}`,
  ).toEqual({ labels, status: 0, output: receivers.join(",") });
}

const node = { node: "xai-node-1", network: "mainnet", cluster: "xai-dev" };

describe("rendered alertmanager.yml with every channel configured", () => {
  const { configFile } = render();

  it("passes amtool check-config", () => {
    const result = runTool("amtool", ["check-config", configFile]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("SUCCESS");
    expect(result.stdout).toContain(` ${inhibitRulesFor(FIXTURE_DEFINITIONS).length} inhibit rules`);
    expect(result.stdout).toContain(" 1 templates");
    expect(result.status).toBe(0);
  });

  const table: [string, Record<string, string>, string[]][] = [
    [
      "critical pages (any service)",
      { alertname: "CriticalCPUUsage", severity: "critical", service: "system" },
      ["critical-page"],
    ],
    [
      "critical network alert pages rather than going to the team",
      { alertname: "NoPeersConnected", severity: "critical", service: "network" },
      ["critical-page"],
    ],
    [
      "network warning",
      { alertname: "LowPeerCount", severity: "warning", service: "network" },
      ["network-alerts"],
    ],
    [
      "system warning",
      { alertname: "HighCPUUsage", severity: "warning", service: "system" },
      ["system-alerts"],
    ],
    [
      "host warning",
      { alertname: "HostOutOfMemory", severity: "warning", service: "host" },
      ["system-alerts"],
    ],
    [
      "blockchain warning",
      { alertname: "LowBlockProductionRate", severity: "warning", service: "blockchain" },
      ["blockchain-alerts"],
    ],
    [
      "transactions warning",
      { alertname: "LargeMempool", severity: "warning", service: "transactions" },
      ["blockchain-alerts"],
    ],
    [
      "mining warning",
      { alertname: "LowHashrate", severity: "warning", service: "mining" },
      ["blockchain-alerts"],
    ],
    [
      "validation warning",
      { alertname: "ValidationErrors", severity: "warning", service: "validation" },
      ["blockchain-alerts"],
    ],
    [
      "ai warning",
      { alertname: "AITaskFailures", severity: "warning", service: "ai" },
      ["blockchain-alerts"],
    ],
    ["api warning", { alertname: "HighAPIErrorRate", severity: "warning", service: "api" }, ["api-alerts"]],
    [
      "info goes to the digest, never the team channel",
      { alertname: "ChainReorganization", severity: "info", service: "blockchain" },
      ["info-digest"],
    ],
    [
      "info on the api service",
      { alertname: "SlowAPIResponses", severity: "info", service: "api" },
      ["info-digest"],
    ],
    [
      "Watchdog (an info alert) goes to the dead-man's switch, not the digest",
      { alertname: "Watchdog", severity: "info", service: "monitoring" },
      ["watchdog"],
    ],
    [
      "Watchdog even when labelled critical",
      { alertname: "Watchdog", severity: "critical", service: "monitoring" },
      ["watchdog"],
    ],
    [
      "a service no route takes",
      { alertname: "ContainerRestarting", severity: "warning", service: "containers" },
      ["default"],
    ],
    [
      "monitoring warnings",
      { alertname: "PrometheusRuleFailures", severity: "warning", service: "monitoring" },
      ["default"],
    ],
    ["no service label", { alertname: "Unlabelled", severity: "warning" }, ["default"]],
  ];
  it.each(table)("%s", (_, labels, receivers) => {
    expectRoute(configFile, { ...node, ...labels }, receivers);
  });

  // Generated SLO burn alerts ride the existing tree: pages are critical, tickets go to their service's team.
  const teamOf: Readonly<Record<string, string>> = { api: "api-alerts", blockchain: "blockchain-alerts" };
  const sloAlerts = alertDefinitions(testSettings()).filter((alert) => alert.group === SLO_GROUP);
  it.each(sloAlerts.map((alert) => [alert.name, alert] as const))("SLO alert %s", (_, alert) => {
    const receiver = alert.severity === "critical" ? "critical-page" : teamOf[alert.service];
    expect(receiver, alert.service).toBeDefined();
    expectRoute(
      configFile,
      {
        ...node,
        alertname: alert.name,
        severity: alert.severity,
        service: alert.service,
        slo: "x",
        long_window: "1h",
      },
      [receiver ?? ""],
    );
  });
  it("routes a page and a ticket for every SLO", () => {
    expect(sloAlerts.filter((alert) => alert.severity === "critical")).toHaveLength(SLO_NAMES.length);
    expect(sloAlerts.filter((alert) => alert.severity === "warning")).toHaveLength(SLO_NAMES.length);
  });

  it("pages a network-level alert, which has no node label, like any critical", () => {
    expectRoute(
      configFile,
      {
        alertname: "NetworkBlockProductionStalled",
        severity: "critical",
        service: "blockchain",
        network: "mainnet",
        cluster: "xai-dev",
      },
      ["critical-page"],
    );
    expectRoute(
      configFile,
      { ...node, alertname: "NodeHeightBehindNetwork", severity: "warning", service: "blockchain" },
      ["blockchain-alerts"],
    );
  });
});

describe("routes whose receiver has no credentials fall back to the default receiver", () => {
  it("falls back for every route when nothing is configured, but keeps the Watchdog apart", () => {
    const { configFile } = render({}, []);
    expect(runTool("amtool", ["check-config", configFile]).status).toBe(0);
    expectRoute(
      configFile,
      { ...node, alertname: "CriticalCPUUsage", severity: "critical", service: "system" },
      ["default"],
    );
    expectRoute(configFile, { ...node, alertname: "LowPeerCount", severity: "warning", service: "network" }, [
      "default",
    ]);
    expectRoute(configFile, { ...node, alertname: "HighCPUUsage", severity: "warning", service: "host" }, [
      "default",
    ]);
    expectRoute(
      configFile,
      { ...node, alertname: "ChainReorganization", severity: "info", service: "blockchain" },
      ["default"],
    );
    expectRoute(configFile, { alertname: "Watchdog", severity: "info", service: "monitoring" }, ["watchdog"]);
  });

  it("keeps configured routes and falls back only for the unconfigured ones", () => {
    const { configFile } = render({ email: TEST_EMAIL, digestVia: "slack" }, [
      "pagerdutyRoutingKey",
      "slackSystemWebhookUrl",
    ]);
    expect(runTool("amtool", ["check-config", configFile]).status).toBe(0);
    // PagerDuty alone is enough for the page; email needs smtpPassword since a username is set.
    expectRoute(
      configFile,
      { ...node, alertname: "CriticalDiskSpace", severity: "critical", service: "system" },
      ["critical-page"],
    );
    expectRoute(configFile, { ...node, alertname: "HighCPUUsage", severity: "warning", service: "system" }, [
      "system-alerts",
    ]);
    expectRoute(configFile, { ...node, alertname: "LowPeerCount", severity: "warning", service: "network" }, [
      "default",
    ]);
    expectRoute(
      configFile,
      { ...node, alertname: "ChainReorganization", severity: "info", service: "mining" },
      ["default"],
    );
  });

  it("follows custom service routes from settings", () => {
    const { configFile } = render({
      email: TEST_EMAIL,
      serviceRoutes: { network: ["network", "containers"], api: [] },
    });
    expectRoute(
      configFile,
      { ...node, alertname: "ContainerRestarting", severity: "warning", service: "containers" },
      ["network-alerts"],
    );
    expectRoute(configFile, { ...node, alertname: "HighAPIErrorRate", severity: "warning", service: "api" }, [
      "default",
    ]);
  });
});

describe("the render CLI's Alertmanager folder", () => {
  it("passes amtool check-config and holds placeholders, not values, for the secret files", () => {
    const out = mkdtempSync(join(tmpdir(), "xai-render-"));
    try {
      writeStackFiles(out, renderStackFiles(alertingSettings()));
      const result = runTool("amtool", ["check-config", join(out, "alertmanager", "alertmanager.yml")]);
      expect(result.status, result.stdout + result.stderr).toBe(0);
      const key = readFileSync(join(out, "alertmanager", "secrets", "pagerduty-routing-key"), "utf8");
      expect(key).toBe("<secret:pagerdutyRoutingKey redacted>\n");
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
