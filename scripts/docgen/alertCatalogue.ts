import { parseSettings } from "../../settings";
import { alertDefinitions } from "../../rules";
import { THRESHOLDS, heightLagBlocks, type TunableThreshold } from "../../settings/thresholds";
import { code, prettierMarkdown, table } from "./markdown";

function defaultOf(key: TunableThreshold): string {
  return String(key === "maxHeightLagBlocks" ? heightLagBlocks(THRESHOLDS) : THRESHOLDS[key]);
}

/**
 * Every alert the stack renders, as docs/MONITORING_GUIDE.md lists it. Built for a bare docker stack:
 * which alerts exist, their labels and `for:` do not depend on the stack's settings.
 */
export async function alertCatalogueMarkdown(targetFile: string): Promise<string> {
  const settings = parseSettings({
    project: "xai-observability",
    stack: "docs",
    values: { target: "docker" },
    secretKeys: new Set(),
  });
  const alerts = alertDefinitions(settings);
  const groups = new Set(alerts.map((alert) => alert.group));
  const rows = alerts.map((alert) => [
    `[${alert.name}](runbooks/${alert.name}.md)`,
    code(alert.group),
    alert.severity,
    code(alert.service),
    code(alert.for),
    alert.inhibits === "all-on-node"
      ? "every other alert of the node"
      : alert.inhibits.map((name) => code(name)).join(", "),
    alert.threshold === undefined ? "" : `${code(alert.threshold)} = ${defaultOf(alert.threshold)}`,
  ]);
  const summary = `${alerts.length} alerts in ${groups.size} groups (critical: ${
    alerts.filter((alert) => alert.severity === "critical").length
  }, warning: ${alerts.filter((alert) => alert.severity === "warning").length}, info: ${
    alerts.filter((alert) => alert.severity === "info").length
  }). Each name links to its runbook.`;
  return prettierMarkdown(
    [
      summary,
      table(
        ["Alert", "Group", "Severity", "Service", "For", "Inhibits on the same node", "Threshold (settings)"],
        rows,
      ),
      "Severity, `for` and the thresholds are defaults: `alerts.<name>` and `networks.<network>.thresholds` override them (docs/alerting.md, Overrides).",
    ].join("\n\n"),
    targetFile,
  );
}
