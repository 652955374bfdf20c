import type { ServiceSpec } from "../service";
import type { StackSettings } from "../../settings";
import { SERVICE_PORTS } from "../endpoints";
import { baseSpec, wgetHealthCheck } from "../specParts";

/** Host filesystems node_exporter reads, and where they appear inside the container. */
const HOST_PATHS = { proc: "/host/proc", sys: "/host/sys", rootfs: "/host/root" } as const;

export function nodeExporterSpec(settings: StackSettings): ServiceSpec {
  return {
    ...baseSpec(settings, "node-exporter", settings.images.nodeExporter),
    args: [
      `--path.procfs=${HOST_PATHS.proc}`,
      `--path.sysfs=${HOST_PATHS.sys}`,
      `--path.rootfs=${HOST_PATHS.rootfs}`,
      `--web.listen-address=:${SERVICE_PORTS["node-exporter"]}`,
      // Container and kernel pseudo-filesystems would drown the host's real disks.
      "--collector.filesystem.mount-points-exclude=^/(dev|proc|run|sys|var/lib/docker/.+|var/lib/kubelet/.+)($|/)",
    ],
    ports: [{ name: "http", containerPort: SERVICE_PORTS["node-exporter"] }],
    hostMounts: [
      {
        hostPath: "/proc",
        containerPath: HOST_PATHS.proc,
        readOnly: true,
        reason: "host CPU, memory, load and network counters live in the host's /proc",
      },
      {
        hostPath: "/sys",
        containerPath: HOST_PATHS.sys,
        readOnly: true,
        reason: "host hardware, disk and thermal metrics live in the host's /sys",
      },
      {
        hostPath: "/",
        containerPath: HOST_PATHS.rootfs,
        readOnly: true,
        reason: "filesystem usage of the host's disks needs the host root (read by --path.rootfs)",
      },
    ],
    healthCheck: wgetHealthCheck(SERVICE_PORTS["node-exporter"], "/"),
    security: {
      user: "65534:65534",
      readOnlyRootFilesystem: true,
      addCapabilities: [],
      hostPid: true,
      hostAccessReason:
        "reads the host's /proc, /sys and root filesystem read-only, and shares the host PID namespace so process metrics describe the host, not the container",
    },
    workload: { kind: "per-host", replicas: 1 },
  };
}
