import type { AlertGroupSettings, AlertSpec, InputSeries } from "../types";
import { QUIET, exporterSeries, exporterSeriesCases, firesWith } from "../cases";
import { selector } from "../promql";
import type { Thresholds } from "../../settings/thresholds";

const HOST = { job: "node-exporter", instance: "host-1:9100" };
const DATA_DISK = { device: "/dev/sda1", fstype: "ext4", mountpoint: "/var/lib/xai" };
/** Real filesystems only; tmpfs and container layers come and go. */
const FILESYSTEMS = { fstype: { notRe: "tmpfs|overlay|squashfs|nsfs" }, mountpoint: { not: "" } };

/** A 100 GB disk, `startGb` free at first and `dropGbPer5m` less every 5 minutes. */
function fillingDisk(startGb: number, dropGbPer5m: number): InputSeries[] {
  const gb = 1_000_000_000;
  return [
    exporterSeries("node_filesystem_size_bytes", `${100 * gb}x120`, DATA_DISK),
    exporterSeries("node_filesystem_avail_bytes", `${startGb * gb}-${dropGbPer5m * gb}x120`, DATA_DISK),
    exporterSeries("node_filesystem_readonly", "0x120", DATA_DISK),
  ];
}

function memory(availableBytes: number): InputSeries[] {
  return [
    exporterSeries("node_memory_MemTotal_bytes", "10000000000x30"),
    exporterSeries("node_memory_MemAvailable_bytes", `${availableBytes}x30`),
  ];
}

export function hostAlerts(_settings: AlertGroupSettings, T: Thresholds): readonly AlertSpec[] {
  const avail = selector("node_filesystem_avail_bytes", FILESYSTEMS);
  const horizon = T.filesystemFillHorizonHours;
  return [
    {
      name: "HostFilesystemPredictedFull",
      expr:
        `${avail} / ${selector("node_filesystem_size_bytes", FILESYSTEMS)} < 0.4` +
        ` and predict_linear(${avail}[6h], ${horizon * 3600}) < 0` +
        ` and ${selector("node_filesystem_readonly", FILESYSTEMS)} == 0`,
      for: "1h",
      severity: "warning",
      service: "host",
      value: "ratio",
      summary: (v) =>
        `${v.label("mountpoint")} on ${v.label("instance")} fills within ${horizon}h (${v.value} free)`,
      description: (v) =>
        `Filesystem ${v.label("mountpoint")} (${v.label("device")}) on host ${v.label("instance")} has ${v.value} free and, at the rate of the last 6 hours, will be full within ${horizon} hours.`,
      edgeBase: "a disk that stopped filling stays quiet",
      cases: [
        {
          title: "full in about 22.6 hours fires",
          interval: "5m",
          input: fillingDisk(33, 0.09),
          at: "8h",
          fires: firesWith("24.36%", { ...HOST, ...DATA_DISK }),
        },
        {
          title: "full in about 26.4 hours stays quiet",
          interval: "5m",
          input: fillingDisk(33, 0.08),
          at: "8h",
          fires: QUIET,
        },
        {
          title: "a disk that stopped filling stays quiet",
          interval: "5m",
          input: fillingDisk(33, 0),
          at: "8h",
          fires: QUIET,
        },
      ],
    },
    {
      name: "HostMemoryLow",
      expr: `${selector("node_memory_MemAvailable_bytes")} / ${selector("node_memory_MemTotal_bytes")} < ${T.hostMemoryAvailableRatio}`,
      for: "5m",
      severity: "warning",
      service: "host",
      value: "ratio",
      summary: (v) => `Host ${v.label("instance")} has only ${v.value} memory available`,
      description: (v) =>
        `Host ${v.label("instance")} has had less than ${T.hostMemoryAvailableRatio * 100}% of its memory available for 5 minutes; now ${v.value}. The kernel may start killing processes.`,
      cases: [
        {
          title: "9.9% available fires",
          input: memory(990_000_000),
          at: "10m",
          fires: firesWith("9.9%", HOST),
        },
        { title: "10% available stays quiet", input: memory(1_000_000_000), at: "10m", fires: QUIET },
      ],
    },
    {
      name: "HostClockSkew",
      expr: `abs(${selector("node_timex_offset_seconds")}) > ${T.clockOffsetSeconds}`,
      for: "10m",
      severity: "warning",
      service: "host",
      value: "seconds",
      summary: (v) => `Clock of ${v.label("instance")} is off by ${v.value}`,
      description: (v) =>
        `The clock of host ${v.label("instance")} has been more than ${T.clockOffsetSeconds * 1000}ms away from its time source for 10 minutes; now ${v.value}. Blocks and signatures with skewed timestamps may be rejected.`,
      cases: exporterSeriesCases("node_timex_offset_seconds", [
        { title: "51ms ahead fires", values: "0.051x30", at: "15m", fires: firesWith("51ms", HOST) },
        { title: "51ms behind fires too", values: "-0.051x30", at: "15m", fires: firesWith("51ms", HOST) },
        { title: "50ms stays quiet", values: "0.05x30", at: "15m", fires: QUIET },
      ]),
    },
    {
      name: "HostClockNotSynchronising",
      expr: `min_over_time(${selector("node_timex_sync_status")}[5m]) == 0`,
      for: "10m",
      severity: "warning",
      service: "host",
      value: "count",
      summary: (v) => `Clock of ${v.label("instance")} is not synchronising`,
      description: (v) =>
        `NTP on host ${v.label("instance")} has reported sync status ${v.value} for over 10 minutes; its clock will drift.`,
      cases: exporterSeriesCases("node_timex_sync_status", [
        {
          title: "unsynchronised for 15 minutes fires",
          values: "0x30",
          at: "15m",
          fires: firesWith("0", HOST),
        },
        { title: "one unsynchronised sample stays quiet", values: "1x9 0 1x20", at: "15m", fires: QUIET },
      ]),
    },
  ];
}
