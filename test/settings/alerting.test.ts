import { describe, expect, it } from "vitest";
import { DEFAULT_TIMINGS } from "../../settings/alerting";
import { parseAlerting } from "../support/alertmanagerFixtures";
import { settingsErrorOf, testSettings } from "../../harness/settings";

/** The formatted problems of one bad configuration. */
function problemsOf(alerting: unknown): readonly string[] {
  return settingsErrorOf(() => parseAlerting(alerting)).problems;
}

const email = {
  to: ["oncall@xai.example"],
  from: "alertmanager@xai.example",
  smarthost: "smtp.xai.example:587",
};

describe("alerting settings", () => {
  it("has defaults for channels, service routes and timings", () => {
    const { alerting } = parseAlerting(undefined);
    expect(alerting.slackChannels.critical).toBe("#xai-critical");
    expect(alerting.serviceRoutes.system).toEqual(["system", "host"]);
    expect(alerting.serviceRoutes.blockchain).toEqual([
      "blockchain",
      "transactions",
      "mining",
      "validation",
      "ai",
    ]);
    expect(alerting.timings).toEqual(DEFAULT_TIMINGS);
    expect(alerting.email).toBeUndefined();
    expect(alerting.digestVia).toBe("email");
  });

  it("keeps defaults for the timings it is not given", () => {
    const { alerting } = parseAlerting({
      timings: { digest: { groupWait: "1h", groupInterval: "12h", repeatInterval: "12h" } },
    });
    expect(alerting.timings.digest.groupInterval).toBe("12h");
    expect(alerting.timings.critical).toEqual(DEFAULT_TIMINGS.critical);
  });

  it("rejects an invalid email address, naming the key", () => {
    expect(problemsOf({ email: { ...email, to: ["oncall@xai.example", "not-an-address"] } })).toEqual([
      'alerting.email.to[1]: expected an email address such as oncall@example.org (got "not-an-address")',
    ]);
    expect(problemsOf({ email: { ...email, from: "alertmanager" } })[0]).toMatch(
      /^alerting\.email\.from: expected an email address/,
    );
  });

  it("rejects a service name no route knows, listing the known ones", () => {
    const [problem] = problemsOf({ serviceRoutes: { network: ["network", "p2p"] } });
    expect(problem).toMatch(
      /^alerting\.serviceRoutes\.network\[1\]: expected one of blockchain, network, .*monitoring \(got "p2p"\)$/,
    );
  });

  it("rejects a service routed to two channels", () => {
    expect(problemsOf({ serviceRoutes: { api: ["api", "network"] } })).toEqual([
      'alerting.serviceRoutes.api[1]: expected each service in one channel only; "network" is already routed to network by default; set alerting.serviceRoutes.network without it (got "network")',
    ]);
  });

  it("rejects a channel that is not a Slack channel name", () => {
    expect(problemsOf({ slackChannels: { network: "Network Team" } })[0]).toMatch(
      /^alerting\.slackChannels\.network: expected a Slack channel such as #xai-alerts/,
    );
  });

  it("keeps pages fast: critical group_wait at most 10s, repeat at most 5m", () => {
    expect(
      problemsOf({ timings: { critical: { groupWait: "30s", groupInterval: "1m", repeatInterval: "1h" } } }),
    ).toEqual([
      'alerting.timings.critical.groupWait: expected at most 10s, so pages go out quickly (got "30s")',
      'alerting.timings.critical.repeatInterval: expected at most 5m, so an unresolved page is repeated (got "1h")',
    ]);
  });

  it("rejects malformed and zero intervals", () => {
    expect(
      problemsOf({ timings: { default: { groupWait: "soon", groupInterval: "0s", repeatInterval: "4h" } } }),
    ).toEqual([
      'alerting.timings.default.groupWait: expected a duration such as 15s, 5m, 1h30m or 30d (units y w d h m s ms, largest first) (got "soon")',
      'alerting.timings.default.groupInterval: expected a duration above 0s, such as 15s (got "0s")',
    ]);
  });

  it("rejects unknown keys and bad choices", () => {
    expect([...problemsOf({ digestVia: "pager", reciever: "x" })].sort()).toEqual([
      'alerting.digestVia: expected email or slack (got "pager")',
      "alerting.reciever: unknown key; remove it or check its spelling",
    ]);
    expect(problemsOf({ externalUrl: "alertmanager.example.org" })[0]).toMatch(
      /^alerting\.externalUrl: expected an http\(s\) URL/,
    );
    expect(problemsOf({ email: { ...email, smarthost: "smtp.xai.example" } })[0]).toMatch(
      /^alerting\.email\.smarthost: expected host:port/,
    );
  });

  it("requires alerting credentials to be secrets", () => {
    const parse = (): unknown =>
      testSettings({ slackNetworkWebhookUrl: "https://hooks.slack.com/services/T/B/X" });
    expect(parse).toThrow(
      /slackNetworkWebhookUrl: expected a secret; set it with `pulumi config set --secret slackNetworkWebhookUrl <value>`/,
    );
  });
});
