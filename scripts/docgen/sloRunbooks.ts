import { parseSettings } from "../../settings";
import { alertDefinitions } from "../../rules";
import {
  BURN_ALERTS,
  SLO_RECORDED,
  activeSlos,
  budgetSpent,
  burnAlertName,
  type BurnAlertKind,
  type SloName,
} from "../../rules/slos";
import { prettierMarkdown } from "./markdown";

/** What differs between the SLOs' runbooks; the rest is generated from the definitions. */
const SLO_RUNBOOK_TEXT: Readonly<
  Record<SloName, { causes: string[]; diagnose: string; fix: string[]; dashboard: string }>
> = {
  apiAvailability: {
    causes: ["a failing dependency (database, storage)", "the node is overloaded", "a bad deploy"],
    diagnose:
      'sum by (endpoint, method, status) (rate(xai_api_requests_total{job="xai-node", node="<node>", status=~"5.."}[5m]))',
    fix: ["Find the failing endpoint with the last query and fix or roll back what broke it."],
    dashboard: "xai-node-health",
  },
  apiLatency: {
    causes: ["the node is overloaded (CPU, memory, disk)", "a slow dependency", "an expensive endpoint"],
    diagnose:
      'histogram_quantile(0.99, sum by (le, endpoint) (rate(xai_api_request_duration_seconds_bucket{job="xai-node", node="<node>"}[5m])))',
    fix: ["Find the slow endpoint with the last query; scale the node or shed the expensive calls."],
    dashboard: "xai-node-health",
  },
  blockProduction: {
    causes: ["the node lost its peers", "block validation fails or stalls", "the process is stuck"],
    diagnose: 'xai_block_height{job="xai-node", node="<node>"}',
    fix: ["Check peers (`xai_peers_connected`) and validation failures; restart a stuck node."],
    dashboard: "xai-blockchain-overview",
  },
  inSync: {
    causes: ["too few or slow peers", "the node's disk or CPU cannot keep up", "a fork or reorganisation"],
    diagnose: 'node:xai_block_height:lag_blocks{node="<node>"}',
    fix: ["Add peers or resources; if the node sits on a fork, resync it from a trusted snapshot."],
    dashboard: "xai-blockchain-overview",
  },
};

function docsSettings() {
  return parseSettings({
    project: "xai-observability",
    stack: "docs",
    values: { target: "docker" },
    secretKeys: new Set(),
  });
}

export interface SloRunbook {
  readonly alert: string;
  readonly generate: (formatAs: string) => Promise<string>;
}

/** One runbook per SLO burn alert (page and ticket of every SLO), for the default objectives. */
export function sloRunbooks(): SloRunbook[] {
  const settings = docsSettings();
  const alerts = alertDefinitions(settings);
  return activeSlos(settings).flatMap((slo) =>
    (Object.keys(BURN_ALERTS) as BurnAlertKind[]).map((kind): SloRunbook => {
      const spec = BURN_ALERTS[kind];
      const name = burnAlertName(slo.definition, kind);
      const alert = alerts.find((candidate) => candidate.name === name);
      if (alert === undefined) throw new Error(`no alert ${name}`);
      const text = SLO_RUNBOOK_TEXT[slo.definition.name];
      const pairs = spec.pairs.map(
        (pair) =>
          `- ${String(pair.burnRate)}x over the last ${pair.long} and the last ${pair.short}: ${String(
            Math.round(budgetSpent(pair.burnRate, pair.long, slo.window) * 1000) / 10,
          )}% of the ${slo.window} budget gone in ${pair.long}.`,
      );
      const other = burnAlertName(slo.definition, kind === "page" ? "ticket" : "page");
      const body = [
        "| | |",
        "|---|---|",
        `| Severity | \`${alert.severity}\` (${kind === "page" ? "pages" : "opens a ticket"}) |`,
        `| Service | \`${alert.service}\` |`,
        `| SLO | \`${slo.definition.label}\`, objective ${String(slo.objective)}% over ${slo.window} by default (\`slos.${slo.definition.name}\`) |`,
        `| Pending period | \`for: ${alert.for}\` |`,
        `| Inhibits | ${alert.inhibits === "all-on-node" || alert.inhibits.length === 0 ? "nothing" : alert.inhibits.map((each) => `\`${each}\``).join(", ")} |`,
        "",
        "## Meaning",
        "",
        `The node burns its ${slo.definition.title} error budget too fast. SLI: ${slo.definition.sli} The alert fires when both windows of a pair burn faster than the pair's rate (1x spends the budget in exactly ${slo.window}):`,
        "",
        ...pairs,
        "",
        `Its value is the share of the budget spent in the pair's long window (label \`long_window\`). The short window makes it stop soon after the incident ends. ${other} covers the ${kind === "page" ? "slower" : "faster"} burns.`,
        "",
        "## Likely causes",
        "",
        ...text.causes.map((cause) => `- ${cause}`),
        "",
        "## Impact",
        "",
        kind === "page"
          ? `Users are hurt now: at this pace the whole ${slo.window} budget is gone within days.`
          : `Users are hurt a little, steadily: the ${slo.window} budget runs out before the window ends.`,
        "",
        "## Diagnose",
        "",
        `Open the Grafana **SLOs** dashboard (\`/d/xai-slo\`) for the budget and burn rates, then the node on \`/d/${text.dashboard}\`.`,
        "",
        "The alert's expression, to see which series match now:",
        "",
        "```promql",
        alert.expr,
        "```",
        "",
        "The error ratio over the first long window, and the budget left (replace `<node>` with the alert's label):",
        "",
        "```promql",
        `${SLO_RECORDED.errorRatio[spec.pairs[0].long]}{slo="${slo.definition.label}", node="<node>"}`,
        "```",
        "",
        "```promql",
        `1 - ${SLO_RECORDED.windowErrorRatio}{slo="${slo.definition.label}", node="<node>"} / on (slo) group_left () (1 - ${SLO_RECORDED.objective})`,
        "```",
        "",
        "```promql",
        text.diagnose,
        "```",
        "",
        "## Fix",
        "",
        ...text.fix.map((fix) => `- ${fix}`),
        "- If the objective is wrong for this node, change `slos." +
          slo.definition.name +
          ".objective`; do not silence a real burn.",
        "",
        "## Escalate",
        "",
        kind === "page"
          ? "Escalate to the node's owners at once if the burn goes on after 30 minutes or the budget left drops below 50%."
          : "Escalate in working hours if the budget left is below 25% or the burn lasts a day.",
        "",
        `## Why \`for: ${alert.for}\``,
        "",
        kind === "page"
          ? "Both windows already have to burn; two minutes more skip a single bad evaluation without delaying a page much."
          : "A ticket is not urgent; fifteen minutes keep a brief crossing of a slow threshold from opening one.",
      ].join("\n");
      return { alert: name, generate: (formatAs) => prettierMarkdown(body, formatAs) };
    }),
  );
}

/** The runbook files of SLO_DEFINITIONS' alerts, relative to the repository root. */
export function sloRunbookFile(alert: string): string {
  return `docs/runbooks/${alert}.md`;
}

export const SLO_RUNBOOK_SECTION = "slo-runbook";
