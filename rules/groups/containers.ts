import type { AlertGroupSettings, AlertSpec, InputSeries } from "../types";
import { QUIET, exporterSeries, firesWith } from "../cases";
import { aggregate, selector } from "../promql";
import type { Thresholds } from "../../settings/thresholds";

/** cAdvisor also reports cgroups that are not containers; those have no name. */
const NAMED = { name: { not: "" } };
const PER_CONTAINER = ["instance", "name"];
const CONTAINER = { id: "/docker/0123abcd", name: "xai-node-1", image: "xai/node:1.2.0" };
const LABELS = { instance: "host-1:8080", name: CONTAINER.name };

function memory(workingSetMb: number, limitMb: number): InputSeries[] {
  const mb = 1_000_000;
  return [
    exporterSeries("container_memory_working_set_bytes", `${workingSetMb * mb}x30`, CONTAINER),
    exporterSeries("container_spec_memory_limit_bytes", `${limitMb * mb}x30`, CONTAINER),
  ];
}

export function containerAlerts(_settings: AlertGroupSettings, T: Thresholds): readonly AlertSpec[] {
  return [
    {
      name: "ContainerRestarting",
      expr: `${aggregate("max", `changes(${selector("container_start_time_seconds", NAMED)}[15m])`, PER_CONTAINER)} > ${T.containerRestartsPer15m}`,
      for: "0s",
      severity: "warning",
      service: "containers",
      value: "count",
      summary: (v) => `Container ${v.label("name")} restarted ${v.value} times in 15 minutes`,
      description: (v) =>
        `Container ${v.label("name")} on ${v.label("instance")} restarted ${v.value} times in the last 15 minutes (more than ${T.containerRestartsPer15m}).`,
      cases: [
        {
          title: "three restarts in 15 minutes fires",
          input: [exporterSeries("container_start_time_seconds", "1000x3 1240x3 1480x3 1720x20", CONTAINER)],
          at: "14m",
          fires: firesWith("3", LABELS),
        },
        {
          title: "two restarts in 15 minutes stay quiet",
          input: [exporterSeries("container_start_time_seconds", "1000x3 1240x3 1480x20", CONTAINER)],
          at: "14m",
          fires: QUIET,
        },
      ],
    },
    {
      name: "ContainerMemoryNearLimit",
      // Containers without a limit report 0; dividing by it would yield +Inf and fire.
      expr: `${aggregate(
        "max",
        `${selector("container_memory_working_set_bytes", NAMED)} / (${selector("container_spec_memory_limit_bytes", NAMED)} > 0)`,
        PER_CONTAINER,
      )} > ${T.containerMemoryLimitRatio}`,
      for: "10m",
      severity: "warning",
      service: "containers",
      value: "ratio",
      summary: (v) => `Container ${v.label("name")} uses ${v.value} of its memory limit`,
      description: (v) =>
        `Container ${v.label("name")} on ${v.label("instance")} has used more than ${T.containerMemoryLimitRatio * 100}% of its memory limit for 10 minutes; now ${v.value}. It will be OOM-killed at 100%.`,
      cases: [
        {
          title: "91% of the limit fires",
          input: memory(910, 1000),
          at: "15m",
          fires: firesWith("91%", LABELS),
        },
        { title: "90% of the limit stays quiet", input: memory(900, 1000), at: "15m", fires: QUIET },
        { title: "no limit (0) stays quiet", input: memory(900, 0), at: "15m", fires: QUIET },
      ],
    },
  ];
}
