import { afterAll, describe, expect, it } from "vitest";
import { TEMPLATE_NAMES } from "../../components/alertmanager/templates";
import { runTool } from "../support/binaries";
import { alertingSettings, FIXTURE_DEFINITIONS } from "./fixtures";
import { writeRendered } from "./rendered";

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
  it.each(TEMPLATE_NAMES.filter((name) => name !== "pagerduty.default.instances"))("%s renders", (name) => {
    const result = render(`{{ template "${name}" . }}`);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).not.toBe("");
  });

  it("pagerduty.default.instances renders a list of alerts", () => {
    const result = render('{{ template "pagerduty.default.instances" .Alerts }}');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(" on n/a (n/a): no summary");
  });

  it("builds a silence link from the group labels", () => {
    const result = render('{{ template "slack.default.text" . }}');
    expect(result.stdout).toContain(
      "Silence: https://example.com/#/silences/new?filter=%7Bgrouplabelkey1%3D%22grouplabelvalue1%22%2Cgrouplabelkey2%3D%22grouplabelvalue2%22%7D",
    );
  });
});
