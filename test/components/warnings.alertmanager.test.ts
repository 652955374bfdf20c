import * as pulumi from "@pulumi/pulumi";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ALERTING_SECRETS, TEST_EMAIL } from "../support/alertmanagerFixtures";
import { deployMocked } from "../../harness/pulumiMocks";

/** Builds the stack under Pulumi mocks and returns what it logged as warnings about Alertmanager. */
async function alertmanagerWarnings(
  config: Record<string, unknown>,
  secretKeys: readonly string[] = [],
): Promise<string[]> {
  const warn = vi.spyOn(pulumi.log, "warn").mockResolvedValue(undefined);
  await deployMocked("dev", config, { secretKeys });
  return warn.mock.calls.map(([message]) => message).filter((message) => message.startsWith("Alertmanager:"));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the preview warning about alert channels", () => {
  it("is printed once, listing every channel without credentials and no secret value", async () => {
    const warnings = await alertmanagerWarnings({ target: "docker", pagerdutyRoutingKey: "pd-key-value" }, [
      "pagerdutyRoutingKey",
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("Slack #xai-critical (secret slackCriticalWebhookUrl)");
    expect(warnings[0]).toContain("email (settings alerting.email)");
    expect(warnings[0]).not.toContain("PagerDuty");
    expect(warnings[0]).not.toContain("pd-key-value");
  });

  it("is not printed when every channel has its credentials and every credential is used", async () => {
    const config: Record<string, unknown> = {
      target: "docker",
      alerting: { email: TEST_EMAIL, digestVia: "slack" },
    };
    for (const key of ALERTING_SECRETS) config[key] = `value-of-${key}`;
    expect(await alertmanagerWarnings(config, ALERTING_SECRETS)).toEqual([]);
  });

  it("names the Slack digest webhook, unused while the digest goes by email, without its value", async () => {
    const config: Record<string, unknown> = {
      target: "docker",
      alerting: { email: TEST_EMAIL, digestVia: "email" },
    };
    for (const key of ALERTING_SECRETS) config[key] = `value-of-${key}`;
    const warnings = await alertmanagerWarnings(config, ALERTING_SECRETS);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("slackDigestWebhookUrl (alerting.digestVia is email)");
    expect(warnings[0]).not.toContain("value-of-");
  });
});

describe("the preview warning about Alertmanager's external URL on Kubernetes", () => {
  const urlWarnings = async (config: Record<string, unknown>): Promise<string[]> =>
    (await alertmanagerWarnings({ target: "kubernetes", ...config })).filter((message) =>
      message.includes("alerting.externalUrl"),
    );

  it("is printed when neither alerting.externalUrl nor an Alertmanager ingress host is set", async () => {
    const warnings = await urlWarnings({});
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("http://127.0.0.1:9093");
    expect(warnings[0]).toContain("kubernetes.ingress.hosts.alertmanager");
  });

  it("is not printed when the URL comes from the setting or from the Alertmanager ingress host", async () => {
    expect(await urlWarnings({ alerting: { externalUrl: "https://alerts.xai.example" } })).toEqual([]);
    expect(
      await urlWarnings({ kubernetes: { ingress: { hosts: { alertmanager: "alerts.xai.example" } } } }),
    ).toEqual([]);
  });

  it("is not printed for a Docker stack, whose published port is the URL people open", async () => {
    const warnings = await alertmanagerWarnings({ target: "docker" });
    expect(warnings.filter((message) => message.includes("alerting.externalUrl"))).toEqual([]);
  });
});
