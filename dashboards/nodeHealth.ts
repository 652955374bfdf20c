import { THRESHOLDS, type Thresholds } from "../rules/thresholds";
import { DASHBOARD_UIDS, type DashboardModel, finish, xaiDashboard } from "./common";
import { percentGauge, percentTimeseries, stat, timeseries, warningThreshold } from "./panels";
import { query, xai } from "./queries";

export const NODE_HEALTH_TITLE = "Node Health";

const perNode = (expr: string): string => `max by (node) (${expr})`;

/** Resource use each node reports about itself (its xai_system_* and xai_process_* gauges). */
export function nodeHealth(thresholds: Thresholds = THRESHOLDS): DashboardModel {
  const { cpuPercent, memoryPercent, diskUsedPercent } = thresholds;
  const cpu = perNode(xai("xai_system_cpu_usage_percent"));
  const memory = perNode(xai("xai_system_memory_percent"));
  const disk = perNode(xai("xai_system_disk_percent"));

  const builder = xaiDashboard(
    NODE_HEALTH_TITLE,
    DASHBOARD_UIDS.nodeHealth,
    "CPU, memory, disk and process health of the selected XAI nodes. Colours change where the alerts fire.",
  )
    // row 1: now
    .withPanel(
      percentGauge("CPU Usage", cpuPercent.warning, cpuPercent.critical).withTarget(query(cpu, "{{node}}")),
    )
    .withPanel(
      percentGauge("Memory Usage", memoryPercent.warning, memoryPercent.critical).withTarget(
        query(memory, "{{node}}"),
      ),
    )
    .withPanel(
      percentGauge("Disk Usage", diskUsedPercent.warning, diskUsedPercent.critical).withTarget(
        query(disk, "{{node}}"),
      ),
    )
    .withPanel(
      stat("Process Uptime", "s")
        .description("Time since each node process started; drops to 0 on restart.")
        .withTarget(query(perNode(xai("xai_process_uptime_seconds")), "{{node}}")),
    )
    // row 2: over time, with the same thresholds drawn as lines
    .withPanel(
      percentTimeseries("CPU Usage Over Time", cpuPercent.warning, cpuPercent.critical)
        .span(8)
        .withTarget(query(cpu, "{{node}}")),
    )
    .withPanel(
      percentTimeseries("Memory Usage Over Time", memoryPercent.warning, memoryPercent.critical)
        .span(8)
        .withTarget(query(memory, "{{node}}")),
    )
    .withPanel(
      percentTimeseries("Disk Usage Over Time", diskUsedPercent.warning, diskUsedPercent.critical)
        .span(8)
        .withTarget(query(disk, "{{node}}")),
    )
    // row 3: the process
    .withPanel(
      stat("Process Thread Count", "short")
        .height(8)
        .description("Threads of each node process; orange from the thread-leak alert's threshold.")
        .thresholds(warningThreshold(thresholds.threads))
        .withTarget(query(perNode(xai("xai_process_num_threads")), "{{node}}")),
    )
    .withPanel(
      timeseries("Memory Usage in Bytes", "bytes")
        .span(18)
        .description("Memory each node reports as used.")
        .min(0)
        .withTarget(query(perNode(xai("xai_system_memory_usage_bytes")), "{{node}}")),
    );
  return finish(builder);
}
