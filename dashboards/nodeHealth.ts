import { RECORDED } from "../rules/recordingNames";
import { DASHBOARD_UIDS, type DashboardModel, type DashboardOptions, finish, xaiDashboard } from "./common";
import { percentGauge, percentTimeseries, stat, timeseries, warningThreshold } from "./panels";
import { query, recorded, worstNow, worstOverRange, type Worst } from "./queries";

export const NODE_HEALTH_TITLE = "Node Health";

type NodeHealthRule = (typeof RECORDED.nodeHealth)[keyof typeof RECORDED.nodeHealth];

/**
 * Resource use each node reports about itself (its xai_system_* and xai_process_* gauges), read from the
 * node-level recording rules: one series per node, so no panel aggregates at query time.
 */
export function nodeHealth({ topNodes, thresholds }: DashboardOptions): DashboardModel {
  const rules = RECORDED.nodeHealth;
  const few = `When more than ${String(topNodes)} nodes are selected, only the ${String(topNodes)}`;
  const now = (rule: NodeHealthRule, worst: Worst = "highest"): string =>
    worstNow(recorded(rule), worst, topNodes);
  const overRange = (rule: NodeHealthRule): string =>
    worstOverRange(recorded(rule), recorded(rule), "highest", topNodes);

  // CPU, memory and disk: a gauge now and a line over time each, coloured at the alert thresholds.
  const usages = [
    { what: "CPU", tiers: thresholds.cpuPercent, rule: rules.cpuPercent, shown: "busiest" },
    { what: "Memory", tiers: thresholds.memoryPercent, rule: rules.memoryPercent, shown: "fullest" },
    { what: "Disk", tiers: thresholds.diskUsedPercent, rule: rules.diskPercent, shown: "fullest" },
  ] as const;

  const builder = xaiDashboard(
    NODE_HEALTH_TITLE,
    DASHBOARD_UIDS.nodeHealth,
    "CPU, memory, disk and process health of the selected XAI nodes. Colours change where the alerts fire.",
  );
  // row 1: now
  for (const { what, tiers, rule, shown } of usages) {
    builder.withPanel(
      percentGauge(`${what} Usage`, tiers.warning, tiers.critical)
        .description(`${what} each node reports as used. ${few} ${shown} are shown.`)
        .withTarget(query(now(rule), "{{node}}")),
    );
  }
  builder.withPanel(
    stat("Process Uptime", "s")
      .description(
        `Time since each node process started; drops to 0 on restart. ${few} restarted most recently are shown.`,
      )
      .withTarget(query(now(rules.uptimeSeconds, "lowest"), "{{node}}")),
  );
  // row 2: over time, with the same thresholds drawn as lines
  for (const { what, tiers, rule, shown } of usages) {
    builder.withPanel(
      percentTimeseries(`${what} Usage Over Time`, tiers.warning, tiers.critical)
        .span(8)
        .description(`${few} ${shown} at any time in the range are drawn.`)
        .withTarget(query(overRange(rule), "{{node}}")),
    );
  }
  builder
    // row 3: the process
    .withPanel(
      stat("Process Thread Count", "short")
        .height(8)
        .description(
          `Threads of each node process; orange from the thread-leak alert's threshold. ${few} with the most are shown.`,
        )
        .thresholds(warningThreshold(thresholds.threads))
        .withTarget(query(now(rules.threads), "{{node}}")),
    )
    .withPanel(
      timeseries("Memory Usage in Bytes", "bytes")
        .span(18)
        .description(
          `Memory each node reports as used. ${few} using the most at any time in the range are drawn.`,
        )
        .min(0)
        .withTarget(query(overRange(rules.memoryUsedBytes), "{{node}}")),
    );
  return finish(builder);
}
