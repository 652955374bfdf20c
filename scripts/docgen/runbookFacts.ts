import { parseSettings } from "../../settings";
import { alertDefinitions, type AlertRule } from "../../rules";
import { SLO_GROUP } from "../../rules/render";
import { THRESHOLDS, heightLagBlocks, type TunableThreshold } from "../../settings/thresholds";
import { prettierMarkdown } from "./markdown";

/** The generated facts table at the top of a hand-written runbook. */
export const RUNBOOK_FACTS_SECTION = "runbook-facts";
/** The generated block quoting the alert's expression under Diagnose. */
export const RUNBOOK_EXPRESSION_SECTION = "runbook-expression";

function defaultOf(key: TunableThreshold): string {
  return String(key === "maxHeightLagBlocks" ? heightLagBlocks(THRESHOLDS) : THRESHOLDS[key]);
}

function inhibitsText(alert: AlertRule): string {
  if (alert.inhibits === "all-on-node") return "every other alert on the same node";
  return alert.inhibits.length === 0 ? "nothing" : alert.inhibits.map((name) => `\`${name}\``).join(", ");
}

/**
 * The alerts with hand-written runbooks (every one but the SLO burns', which are generated whole), as a
 * bare stack renders them: the runbooks state the defaults, `npm run render` writes a stack's own values.
 */
function handWrittenAlerts(): AlertRule[] {
  const settings = parseSettings({
    project: "xai-observability",
    stack: "docs",
    values: { target: "docker" },
    secretKeys: new Set(),
  });
  return alertDefinitions(settings).filter((alert) => alert.group !== SLO_GROUP);
}

export interface RunbookSection {
  readonly alert: string;
  readonly section: string;
  readonly generate: (formatAs: string) => Promise<string>;
}

export function runbookSections(): RunbookSection[] {
  return handWrittenAlerts().flatMap((alert): RunbookSection[] => [
    {
      alert: alert.name,
      section: RUNBOOK_FACTS_SECTION,
      generate: (formatAs) =>
        prettierMarkdown(
          [
            "| | |",
            "|---|---|",
            `| Severity | \`${alert.severity}\` |`,
            `| Service | \`${alert.service}\` |`,
            `| Rule file | \`rules/${alert.group}.yml\` |`,
            `| Pending period | \`for: ${alert.for}\` |`,
            `| Inhibits | ${inhibitsText(alert)} |`,
            ...(alert.threshold === undefined
              ? []
              : [
                  `| Default threshold | \`${alert.threshold}\` = ${defaultOf(alert.threshold)} (\`alerts.${alert.name}.threshold\`, \`networks.<network>.thresholds.${alert.threshold}\`) |`,
                ]),
            "| Values in effect | a stack's own thresholds and `for:` are in `alerts.md` of `npm run render` |",
          ].join("\n"),
          formatAs,
        ),
    },
    {
      alert: alert.name,
      section: RUNBOOK_EXPRESSION_SECTION,
      generate: (formatAs) => prettierMarkdown(["```promql", alert.expr, "```"].join("\n"), formatAs),
    },
  ]);
}
