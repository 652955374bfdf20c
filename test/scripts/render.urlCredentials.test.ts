import { describe, expect, it } from "vitest";
import { renderStackFiles } from "../../scripts/render";
import { settingsErrorOf, testSettings } from "../../harness/settings";

const PASSWORD = "s3cret-in-url";

describe("credentials in URL settings", () => {
  it("are rejected with the key path, and the error never prints the password", () => {
    const error = settingsErrorOf(() =>
      testSettings({
        grafana: { rootUrl: `https://admin:${PASSWORD}@grafana.example.org` },
        alerting: { externalUrl: `https://ops:${PASSWORD}@alerts.example.org/` },
      }),
    );
    expect(error.message).toContain(
      "grafana.rootUrl: expected a URL without user:password@; credentials belong in secret keys",
    );
    // A second problem (trailing slash) on a URL with credentials is reported, still masked.
    expect(error.message).toContain("alerting.externalUrl: expected a URL without a trailing slash");
    expect(error.message).toContain("https://<redacted>@grafana.example.org");
    expect(error.message).not.toContain(PASSWORD);
  });

  it("are rejected in remote-write targets, which Prometheus would write into its ConfigMap", () => {
    const error = settingsErrorOf(() =>
      testSettings(
        {
          target: "kubernetes",
          kubernetes: {
            prometheus: {
              remoteWrite: [
                { name: "mimir", url: `https://tenant:${PASSWORD}@mimir.example.org/api/v1/push` },
              ],
            },
          },
        },
        { stack: "prod" },
      ),
    );
    expect(error.message).toContain(
      "kubernetes.prometheus.remoteWrite[0].url: expected a URL without user:password@",
    );
    expect(error.message).not.toContain(PASSWORD);
  });

  it("leave URLs without credentials alone, so rendered files hold only what settings say", () => {
    const settings = testSettings({ grafana: { rootUrl: "https://grafana.example.org/ops" } });
    expect(settings.grafana.rootUrl).toBe("https://grafana.example.org/ops");
    const files = renderStackFiles(settings);
    expect([...files.values()].some((content) => content.includes("https://grafana.example.org/ops"))).toBe(
      true,
    );
  });
});
