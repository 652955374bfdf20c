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
  const { cpuPercent, memoryPercent, diskUsedPercent } = thresholds;
  const rules = RECORDED.nodeHealth;
  const few = `When more than ${String(topNodes)} nodes are selected, only the ${String(topNodes)}`;
  const now = (rule: NodeHealthRule, worst: Worst = "highest"): string =>
    worstNow(recorded(rule), worst, topNodes);
  const overRange = (rule: NodeHealthRule): string =>
    worstOverRange(recorded(rule), recorded(rule), "highest", topNodes);

  const builder = xaiDashboard(
    NODE_HEALTH_TITLE,
    DASHBOARD_UIDS.nodeHealth,
    "CPU, memory, disk and process health of the selected XAI nodes. Colours change where the alerts fire.",
  )
    // row 1: now
    .withPanel(
      percentGauge("CPU Usage", cpuPercent.warning, cpuPercent.critical)
        .description(`CPU each node reports as used. ${few} busiest are shown.`)
        .withTarget(query(now(rules.cpuPercent), "{{node}}")),
    )
    .withPanel(
      percentGauge("Memory Usage", memoryPercent.warning, memoryPercent.critical)
        .description(`Memory each node reports as used. ${few} fullest are shown.`)
        .withTarget(query(now(rules.memoryPercent), "{{node}}")),
    )
    .withPanel(
      percentGauge("Disk Usage", diskUsedPercent.warning, diskUsedPercent.critical)
        .description(`Disk each node reports as used. ${few} fullest are shown.`)
        .withTarget(query(now(rules.diskPercent), "{{node}}")),
    )
    .withPanel(
      stat("Process Uptime", "s")
        .description(
          `Time since each node process started; drops to 0 on restart. ${few} restarted most recently are shown.`,
        )
        .withTarget(query(now(rules.uptimeSeconds, "lowest"), "{{node}}")),
    )
    // row 2: over time, with the same thresholds drawn as lines
    .withPanel(
      percentTimeseries("CPU Usage Over Time", cpuPercent.warning, cpuPercent.critical)
        .span(8)
        .description(`${few} busiest at any time in the range are drawn.`)
        .withTarget(query(overRange(rules.cpuPercent), "{{node}}")),
    )
    .withPanel(
      percentTimeseries("Memory Usage Over Time", memoryPercent.warning, memoryPercent.critical)
        .span(8)
        .description(`${few} fullest at any time in the range are drawn.`)
        .withTarget(query(overRange(rules.memoryPercent), "{{node}}")),
    )
    .withPanel(
      percentTimeseries("Disk Usage Over Time", diskUsedPercent.warning, diskUsedPercent.critical)
        .span(8)
        .description(`${few} fullest at any time in the range are drawn.`)
        .withTarget(query(overRange(rules.diskPercent), "{{node}}")),
    )
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
