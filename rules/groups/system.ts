import type { GaugeSeries } from "../../metrics";
import type { AlertGroupSettings, AlertSpec } from "../types";
import { QUIET, firesWith, thresholdCases, xaiSeriesCases } from "../cases";
import { gauge, maxByNode } from "../promql";
import type { Thresholds } from "../../settings/thresholds";

/** What the tiered (warning, then critical) resource alerts of this group set apart. */
interface TieredAlert {
  readonly name: string;
  readonly for: string;
  readonly critical: boolean;
  readonly inhibits?: readonly string[];
}

/** The fields every tiered alert shares: a 0-100 value of the node's own system gauges. */
function tiered(alert: TieredAlert) {
  return {
    name: alert.name,
    for: alert.for,
    severity: alert.critical ? "critical" : "warning",
    service: "system",
    inhibits: alert.inhibits ?? [],
    value: "percent",
  } as const satisfies Partial<AlertSpec>;
}

interface PercentAlert extends TieredAlert {
  readonly gauge: GaugeSeries;
  readonly what: string;
  readonly threshold: number;
}

/** "<resource> above N%" alerts on the node's own 0-100 gauges; cases sit 0.1 past and exactly at N. */
function percentAbove(alert: PercentAlert): AlertSpec {
  return {
    ...tiered(alert),
    expr: `${maxByNode(gauge(alert.gauge))} > ${alert.threshold}`,
    summary: (v) => `${alert.what} on ${v.node} is ${v.value}`,
    description: (v) =>
      `${alert.what} on node ${v.node} (${v.network}) has been above ${alert.threshold}% for ${alert.for}; now ${v.value}.`,
    cases: xaiSeriesCases(alert.gauge, [
      {
        title: `${alert.threshold + 0.1}% fires`,
        values: `${alert.threshold + 0.1}x30`,
        at: "20m",
        fires: firesWith(`${(alert.threshold + 0.1).toFixed(1)}%`),
      },
      {
        title: `exactly ${alert.threshold}% stays quiet`,
        values: `${alert.threshold}x30`,
        at: "20m",
        fires: QUIET,
      },
    ]),
  };
}

interface DiskAlert extends TieredAlert {
  readonly freeBelow: number;
}

/** The node reports used disk; alerts compare the free share so $value is what the text talks about. */
function diskFreeBelow(alert: DiskAlert): AlertSpec {
  const usedAt = 100 - alert.freeBelow;
  return {
    ...tiered(alert),
    expr: `100 - ${maxByNode(gauge("xai_system_disk_percent"))} < ${alert.freeBelow}`,
    summary: (v) => `Disk of ${v.node} has only ${v.value} free`,
    description: (v) =>
      `The data disk of node ${v.node} (${v.network}) has had less than ${alert.freeBelow}% free space for ${alert.for}; now ${v.value} free.`,
    cases: xaiSeriesCases("xai_system_disk_percent", [
      {
        title: `${(alert.freeBelow - 0.1).toFixed(1)}% free fires`,
        values: `${usedAt + 0.1}x30`,
        at: "20m",
        fires: firesWith(`${(alert.freeBelow - 0.1).toFixed(1)}%`),
      },
      {
        title: `exactly ${alert.freeBelow}% free stays quiet`,
        values: `${usedAt}x30`,
        at: "20m",
        fires: QUIET,
      },
    ]),
  };
}

export function systemAlerts(_settings: AlertGroupSettings, T: Thresholds): readonly AlertSpec[] {
  const cpu = "xai_system_cpu_usage_percent";
  const memory = "xai_system_memory_percent";
  return [
    percentAbove({
      name: "HighCPUUsage",
      gauge: cpu,
      what: "CPU usage",
      threshold: T.cpuPercent.warning,
      for: "10m",
      critical: false,
    }),
    percentAbove({
      name: "CriticalCPUUsage",
      gauge: cpu,
      what: "CPU usage",
      threshold: T.cpuPercent.critical,
      for: "5m",
      critical: true,
      inhibits: ["HighCPUUsage"],
    }),
    percentAbove({
      name: "HighMemoryUsage",
      gauge: memory,
      what: "Memory usage",
      threshold: T.memoryPercent.warning,
      for: "10m",
      critical: false,
    }),
    percentAbove({
      name: "CriticalMemoryUsage",
      gauge: memory,
      what: "Memory usage",
      threshold: T.memoryPercent.critical,
      for: "5m",
      critical: true,
      inhibits: ["HighMemoryUsage"],
    }),
    diskFreeBelow({
      name: "DiskSpaceRunningOut",
      freeBelow: 100 - T.diskUsedPercent.warning,
      for: "15m",
      critical: false,
    }),
    diskFreeBelow({
      name: "CriticalDiskSpace",
      freeBelow: 100 - T.diskUsedPercent.critical,
      for: "5m",
      critical: true,
      inhibits: ["DiskSpaceRunningOut"],
    }),
    {
      name: "HighThreadCount",
      expr: `${maxByNode(gauge("xai_process_num_threads"))} > ${T.threads}`,
      for: "15m",
      severity: "warning",
      service: "system",
      value: "count",
      summary: (v) => `Node ${v.node} runs ${v.value} threads`,
      description: (v) =>
        `The node process on ${v.node} (${v.network}) has had more than ${T.threads} threads for 15 minutes; now ${v.value}. Threads may be leaking.`,
      cases: thresholdCases({
        metric: "xai_process_num_threads",
        threshold: T.threads,
        beyond: "above",
        step: 1,
        valueText: (threads) => threads.toFixed(0),
        unit: " threads",
        at: "20m",
      }),
    },
  ];
}
