import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  ALERTMANAGER_SECRETS_DIR,
  renderAlertmanagerFiles,
  alertCredentialsWarning,
  alertmanagerExternalUrlWarning,
  unconfiguredAlertChannels,
  unusedAlertCredentials,
} from "../../../components/alertmanager/config";
import { inhibitRulesFor } from "../../../components/alertmanager/inhibition";
import { type AlertmanagerConfig, type Route } from "../../../components/alertmanager/model";
import { alertmanagerSpec } from "../../../components/alertmanager/spec";
import { NODE_HEALTH_DASHBOARD_UID, TEMPLATE_NAMES } from "../../../components/alertmanager/templates";
import { DASHBOARD_UIDS } from "../../../dashboards/common";
import { WATCHDOG_INTEGRATION } from "../../../settings/names";
import { alertDefinitions } from "../../../rules";
import type { AlertDefinition } from "../../../rules/types";
import {
  ALERTING_SECRETS,
  alertingSettings,
  FIXTURE_DEFINITIONS,
  TEST_EMAIL,
} from "../../support/alertmanagerFixtures";

function renderConfig(settings = alertingSettings()): { config: AlertmanagerConfig; text: string } {
  const [configFile] = renderAlertmanagerFiles(settings, FIXTURE_DEFINITIONS).files;
  const text = configFile?.content ?? "";
  return { config: parse(text) as AlertmanagerConfig, text };
}

/** Every key anywhere in a parsed YAML document. */
function allKeys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(allKeys);
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, child]) => [key, ...allKeys(child)]);
  }
  return [];
}

function childRoute(config: AlertmanagerConfig, matcher: string): Route {
  const route = config.route.routes?.find((candidate) => candidate.matchers?.includes(matcher));
  if (!route) throw new Error(`no route matches ${matcher}`);
  return route;
}

describe("alertmanager.yml", () => {
  it("uses only the current matcher syntax", () => {
    const keys = allKeys(renderConfig().config);
    expect(keys).toContain("matchers");
    expect(keys).toContain("source_matchers");
    expect(keys).toContain("target_matchers");
    for (const deprecated of [
      "match",
      "match_re",
      "source_match",
      "source_match_re",
      "target_match",
      "target_match_re",
    ]) {
      expect(keys).not.toContain(deprecated);
    }
  });

  it("holds no credential: every one is a *_file path to a mounted secret", () => {
    const { config, text } = renderConfig();
    const keys = allKeys(config);
    for (const inline of ["api_url", "routing_key", "service_key", "auth_password", "auth_secret"]) {
      expect(keys).not.toContain(inline);
    }
    // `url` is also PagerDuty's (public) events endpoint, so webhooks are checked on their own.
    const webhooks = config.receivers.flatMap((receiver) => receiver.webhook_configs ?? []);
    expect(webhooks.length).toBeGreaterThan(0);
    for (const webhook of webhooks) expect(Object.keys(webhook)).not.toContain("url");
    const rendered = renderAlertmanagerFiles(alertingSettings(), FIXTURE_DEFINITIONS);
    const referenced = [...text.matchAll(/_file: (\S+)/g)].map((match) => match[1]);
    expect(new Set(referenced)).toEqual(new Set(rendered.secretFiles.map((file) => file.path)));
    // The digest goes by email here, so its Slack webhook is the one secret left unmounted.
    expect(rendered.secretFiles.map((file) => file.secret).sort()).toEqual(
      ALERTING_SECRETS.filter((key) => key !== "slackDigestWebhookUrl").sort(),
    );
    for (const file of rendered.secretFiles)
      expect(file.path.startsWith(`${ALERTMANAGER_SECRETS_DIR}/`)).toBe(true);
    // The values the fixtures "set" never reach the renderer, so they cannot appear.
    expect(text).not.toContain("value-of-");
  });

  it("groups by alert name, node and cluster, and times each route as the settings say", () => {
    const { config } = renderConfig();
    expect(config.route.group_by).toEqual(["alertname", "node", "network", "cluster"]);
    expect(config.route.receiver).toBe("default");
    const critical = childRoute(config, 'severity="critical"');
    expect(critical).toMatchObject({ receiver: "critical-page", group_wait: "10s", repeat_interval: "5m" });
    const digest = childRoute(config, 'severity="info"');
    expect(digest).toMatchObject({ receiver: "info-digest", group_interval: "24h", repeat_interval: "24h" });
    expect(childRoute(config, 'service=~"system|host"').receiver).toBe("system-alerts");
    // The Watchdog is matched first and nothing continues past a match.
    expect(config.route.routes?.[0]).toMatchObject({
      receiver: "watchdog",
      matchers: ['alertname="Watchdog"'],
    });
    expect(config.route.routes?.some((route) => route.continue === true)).toBe(false);
  });

  it("pings the dead-man's switch through the only webhook, so its metrics label tells it apart", () => {
    const { config } = renderConfig();
    const withWebhooks = config.receivers.filter((receiver) => receiver.webhook_configs !== undefined);
    expect(withWebhooks).toEqual([
      {
        name: "watchdog",
        webhook_configs: [{ url_file: `${ALERTMANAGER_SECRETS_DIR}/watchdog-url`, send_resolved: false }],
      },
    ]);
    // AlertmanagerNotificationsFailing leaves this integration out, so no other receiver may use it.
    expect(WATCHDOG_INTEGRATION).toBe("webhook");
    const failing = alertDefinitions(alertingSettings()).find(
      (alert) => alert.name === "AlertmanagerNotificationsFailing",
    );
    expect(failing?.expr).toContain(`integration!="${WATCHDOG_INTEGRATION}"`);
  });

  it("pages through PagerDuty, the critical Slack channel and email", () => {
    const critical = renderConfig().config.receivers.find((receiver) => receiver.name === "critical-page");
    expect(critical?.pagerduty_configs).toHaveLength(1);
    expect(critical?.slack_configs?.map((slack) => slack.channel)).toEqual(["#xai-critical"]);
    expect(critical?.email_configs?.map((mail) => mail.to)).toEqual(["oncall@xai.example"]);
    expect(critical?.slack_configs?.[0]?.text).toBe('{{ template "slack.critical.text" . }}');
  });

  it("sends the digest by email or Slack as the settings say", () => {
    const byEmail = renderConfig().config.receivers.find((receiver) => receiver.name === "info-digest");
    expect(byEmail?.email_configs?.map((mail) => mail.to)).toEqual(["digest@xai.example"]);
    const bySlack = renderConfig(
      alertingSettings({ email: TEST_EMAIL, digestVia: "slack" }),
    ).config.receivers.find((receiver) => receiver.name === "info-digest");
    expect(bySlack).toEqual(
      expect.objectContaining({ slack_configs: [expect.objectContaining({ channel: "#xai-digest" })] }),
    );
    expect(bySlack?.email_configs).toBeUndefined();
  });
});

describe("unconfigured channels", () => {
  it("are none, and there is no warning, when every credential is set and used", () => {
    const settings = alertingSettings({ email: TEST_EMAIL, digestVia: "slack" });
    expect(unconfiguredAlertChannels(settings)).toEqual([]);
    expect(unusedAlertCredentials(settings)).toEqual([]);
    expect(alertCredentialsWarning(settings)).toBeUndefined();
  });

  it("are listed once each, in one warning, when nothing is set", () => {
    const settings = alertingSettings({}, []);
    expect(unconfiguredAlertChannels(settings).sort()).toEqual(
      [
        "PagerDuty (secret pagerdutyRoutingKey)",
        "Slack #xai-alerts (secret slackDefaultWebhookUrl)",
        "Slack #xai-api (secret slackApiWebhookUrl)",
        "Slack #xai-blockchain (secret slackBlockchainWebhookUrl)",
        "Slack #xai-critical (secret slackCriticalWebhookUrl)",
        "Slack #xai-network (secret slackNetworkWebhookUrl)",
        "Slack #xai-system (secret slackSystemWebhookUrl)",
        "Watchdog dead-man's switch (secret watchdogUrl)",
        "email (settings alerting.email)",
      ].sort(),
    );
    const warning = alertCredentialsWarning(settings) ?? "";
    expect(warning.split("\n")).toHaveLength(1);
    expect(warning).toContain("9 alert channel(s) have no credentials");
    expect(warning).toContain("PagerDuty (secret pagerdutyRoutingKey)");
    expect(warning).toContain("which has no credentials either, so they only show in the Alertmanager UI");
    const withDefault = alertingSettings({}, ["slackDefaultWebhookUrl"]);
    expect(alertCredentialsWarning(withDefault)).toContain("Their alerts go to the default receiver;");
  });

  it("name the missing SMTP password when the email block has a user", () => {
    const secrets = ALERTING_SECRETS.filter((key) => key !== "smtpPassword");
    expect(unconfiguredAlertChannels(alertingSettings({ email: TEST_EMAIL }, secrets))).toEqual([
      "email (secret smtpPassword for alerting.email.username alertmanager)",
    ]);
    const { username: _unused, ...withoutLogin } = TEST_EMAIL;
    expect(unconfiguredAlertChannels(alertingSettings({ email: withoutLogin }, secrets))).toEqual([]);
  });

  it("warn about the Slack digest webhook when the digest goes by email", () => {
    const settings = alertingSettings({ email: TEST_EMAIL, digestVia: "email" });
    expect(unconfiguredAlertChannels(settings)).toEqual([]);
    expect(unusedAlertCredentials(settings)).toEqual(["slackDigestWebhookUrl (alerting.digestVia is email)"]);
    const warning = alertCredentialsWarning(settings) ?? "";
    expect(warning.split("\n")).toHaveLength(1);
    expect(warning).toMatch(
      /^Alertmanager: 1 configured credential\(s\) are not used: slackDigestWebhookUrl/,
    );
    expect(warning).toContain("`pulumi config rm <key>`");
    expect(warning).not.toContain("have no credentials");
    // Nothing reads the webhook, so Alertmanager gets no file for it either.
    const secretKeys = renderAlertmanagerFiles(settings, FIXTURE_DEFINITIONS).secretFiles.map(
      (file) => file.secret,
    );
    expect(secretKeys).not.toContain("slackDigestWebhookUrl");
  });

  it("name the setting that leaves each unused credential out, in the same warning as missing ones", () => {
    const { username: _unused, ...withoutLogin } = TEST_EMAIL;
    const settings = alertingSettings(
      { email: withoutLogin, digestVia: "email", serviceRoutes: { api: [] } },
      ALERTING_SECRETS.filter((key) => key !== "pagerdutyRoutingKey"),
    );
    expect(unusedAlertCredentials(settings)).toEqual([
      "slackApiWebhookUrl (alerting.serviceRoutes.api is empty)",
      "slackDigestWebhookUrl (alerting.digestVia is email)",
      "smtpPassword (alerting.email.username is not set)",
    ]);
    const warning = alertCredentialsWarning(settings) ?? "";
    expect(warning.split("\n")).toHaveLength(1);
    expect(warning).toContain(
      "1 alert channel(s) have no credentials: PagerDuty (secret pagerdutyRoutingKey)",
    );
    expect(warning).toContain("3 configured credential(s) are not used");
    expect(unusedAlertCredentials(alertingSettings({}, ["smtpPassword"]))).toEqual([
      "smtpPassword (alerting.email is not set)",
    ]);
  });

  it("leave the Watchdog in its own receiver without integrations instead of falling back", () => {
    const { config } = renderConfig(alertingSettings({}, []));
    expect(config.receivers).toEqual([{ name: "default" }, { name: "watchdog" }]);
    expect(config.route.routes?.[0]?.receiver).toBe("watchdog");
    expect(config.route.routes?.slice(1).every((route) => route.receiver === "default")).toBe(true);
  });
});

describe("inhibition", () => {
  const rules = inhibitRulesFor(FIXTURE_DEFINITIONS);
  const ruleFor = (source: string) =>
    rules.find((rule) => rule.source_matchers.includes(`alertname="${source}"`));

  it("silences each warning twin only on the same node of the same cluster", () => {
    expect(ruleFor("CriticalCPUUsage")).toEqual({
      source_matchers: ['alertname="CriticalCPUUsage"'],
      target_matchers: ['alertname="HighCPUUsage"'],
      equal: ["cluster", "node", "network"],
    });
    expect(ruleFor("CriticalMemoryUsage")?.target_matchers).toEqual(['alertname="HighMemoryUsage"']);
    expect(ruleFor("CriticalDiskSpace")?.target_matchers).toEqual(['alertname="DiskSpaceRunningOut"']);
    expect(ruleFor("NoPeersConnected")?.target_matchers).toEqual(['alertname="LowPeerCount"']);
    expect(ruleFor("ChainNotSynced")?.target_matchers).toEqual(['alertname="LowBlockProductionRate"']);
    for (const rule of rules) expect(rule.equal).toEqual(expect.arrayContaining(["node", "network"]));
  });

  it("lets NodeDown silence every other alert of its node", () => {
    expect(ruleFor("NodeDown")?.target_matchers).toEqual(['alertname!="NodeDown"']);
    expect(rules).toHaveLength(6);
  });

  it("joins several targets into one anchored regular expression", () => {
    const definitions: AlertDefinition[] = [
      ...FIXTURE_DEFINITIONS,
      { ...FIXTURE_DEFINITIONS[1]!, name: "CPUMeltdown", inhibits: ["HighCPUUsage", "CriticalCPUUsage"] },
    ];
    expect(
      inhibitRulesFor(definitions).find((rule) => rule.source_matchers[0] === 'alertname="CPUMeltdown"')
        ?.target_matchers,
    ).toEqual(['alertname=~"CriticalCPUUsage|HighCPUUsage"']);
  });

  it("fails on an alert name no definition has", () => {
    const typo: AlertDefinition = { ...FIXTURE_DEFINITIONS[1]!, inhibits: ["HighCPUUsgae"] };
    expect(() => inhibitRulesFor([typo])).toThrow(
      "alert CriticalCPUUsage inhibits unknown alert(s): HighCPUUsgae",
    );
  });
});

describe("templates", () => {
  const [, templates] = renderAlertmanagerFiles(alertingSettings(), FIXTURE_DEFINITIONS).files;

  it("define every name the receivers use", () => {
    for (const name of TEMPLATE_NAMES) expect(templates?.content).toContain(`{{ define "${name}" `);
    expect(templates?.relativePath).toBe("templates/xai.tmpl");
  });

  it("link to the node health dashboard that exists", () => {
    expect(NODE_HEALTH_DASHBOARD_UID).toBe(DASHBOARD_UIDS.nodeHealth);
    expect(templates?.content).toContain(`http://127.0.0.1:3000/d/${DASHBOARD_UIDS.nodeHealth}`);
  });
});

describe("the Alertmanager service spec", () => {
  it("keeps its data on a volume, uses the external URL and mounts every secret file", () => {
    const settings = alertingSettings({ email: TEST_EMAIL, externalUrl: "https://alerts.xai.example" });
    const spec = alertmanagerSpec(settings);
    expect(spec.args).toContain("--storage.path=/alertmanager");
    expect(spec.volumes).toEqual([
      expect.objectContaining({ name: "alertmanager-data", mountPath: "/alertmanager" }),
    ]);
    expect(spec.args).toContain("--web.external-url=https://alerts.xai.example");
    expect(spec.args).toContain("--web.route-prefix=/");
    expect(spec.secretFiles).toEqual(renderAlertmanagerFiles(settings).secretFiles);
    expect(spec.configFiles.map((file) => file.path)).toEqual([
      "/etc/alertmanager/alertmanager.yml",
      "/etc/alertmanager/templates/xai.tmpl",
    ]);
    expect(spec.healthCheck.http).toEqual({ port: 9093, path: "/-/ready" });
  });

  it("defaults the external URL to the published port", () => {
    const spec = alertmanagerSpec(alertingSettings());
    expect(spec.args).toContain("--web.external-url=http://127.0.0.1:9093");
  });

  it("defaults the external URL and dashboard links to the ingress hosts on Kubernetes", () => {
    const settings = alertingSettings({ email: TEST_EMAIL }, ALERTING_SECRETS, {
      target: "kubernetes",
      kubernetes: {
        ingress: {
          tlsSecretName: "xai-tls",
          hosts: { alertmanager: "alerts.xai.example", grafana: "grafana.xai.example" },
        },
      },
    });
    expect(alertmanagerSpec(settings).args).toContain("--web.external-url=https://alerts.xai.example");
    expect(alertmanagerExternalUrlWarning(settings)).toBeUndefined();
    const [, templates] = renderAlertmanagerFiles(settings).files;
    expect(templates?.content).toContain("https://grafana.xai.example/d/xai-node-health");
  });
});
