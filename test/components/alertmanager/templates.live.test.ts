import { afterAll, describe, expect, it } from "vitest";
import { TEMPLATE_NAMES } from "../../../components/alertmanager/templates";
import { runTool } from "../../../harness/binaries";
import { alertingSettings, FIXTURE_DEFINITIONS } from "../../support/alertmanagerFixtures";
import { writeRendered } from "../../support/alertmanagerFiles";

const rendered = writeRendered(alertingSettings(), FIXTURE_DEFINITIONS);
afterAll(() => {
  rendered.remove();
});

/** amtool renders with its built-in example data (two alerts, common labels, an external URL). */
function render(text: string): { status: number; stdout: string; stderr: string } {
  return runTool("amtool", [
    "template",
    "render",
    `--template.glob=${rendered.dir}/templates/*.tmpl`,
    `--template.text=${text}`,
  ]);
}

describe("notification templates, rendered by amtool", () => {
  it.each(TEMPLATE_NAMES.filter((name) => name !== "xai.pagerduty.alerts"))("%s renders", (name) => {
    const result = render(`{{ template "${name}" . }}`);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).not.toBe("");
  });

  it("xai.pagerduty.alerts renders a JSON list with one object per alert, resolved ones with their duration", () => {
    // amtool's example data holds one firing and one resolved alert.
    const result = render('{{ template "xai.pagerduty.alerts" .Alerts }}');
    expect(result.stderr).toBe("");
    const alerts = JSON.parse(result.stdout) as Record<string, string>[];
    expect(alerts).toHaveLength(2);
    expect(alerts[0]).toMatchObject({ node: "n/a", cluster: "n/a", summary: "no summary" });
    expect(alerts.map((alert) => "fired_for" in alert)).toEqual([false, true]);
    expect(JSON.parse(render('{{ template "xai.pagerduty.alerts" .Alerts.Resolved }}').stdout)).toHaveLength(
      1,
    );
    expect(render('{{ template "xai.pagerduty.alerts" list }}').stdout).toBe("[]");
  });

  it("builds a silence link from the group labels", () => {
    const result = render('{{ template "slack.default.text" . }}');
    expect(result.stdout).toContain(
      "Silence: https://example.com/#/silences/new?filter=%7Bgrouplabelkey1%3D%22grouplabelvalue1%22%2Cgrouplabelkey2%3D%22grouplabelvalue2%22%7D",
    );
  });
});
