import type { ServiceSpec } from "../service";
import type { StackSettings } from "../settings";
import { baseSpec, rootWithoutCapabilities, wgetHealthCheck } from "../specParts";

export const CADVISOR_HTTP_PORT = 8080;

export function cadvisorSpec(settings: StackSettings): ServiceSpec {
  return {
    ...baseSpec(settings, "cadvisor", settings.images.cadvisor),
    args: [
      `--port=${CADVISOR_HTTP_PORT}`,
      "--housekeeping_interval=15s",
      // Docker hosts: Docker's containers only. Kubernetes nodes run containerd, reached via the /var/run mount.
      ...(settings.target === "kubernetes"
        ? ["--docker_only=false", "--containerd=/var/run/containerd/containerd.sock"]
        : ["--docker_only=true"]),
      // Per-container metrics we do not chart; dropping them keeps series counts low.
      "--disable_metrics=percpu,sched,tcp,udp,disk,diskIO,hugetlb,referenced_memory,resctrl,process",
      "--store_container_labels=false",
    ],
    ports: [{ name: "http", containerPort: CADVISOR_HTTP_PORT }],
    // cAdvisor's documented read-only mounts (its README's docker run), each for the reason given.
    hostMounts: [
      { hostPath: "/", containerPath: "/rootfs", readOnly: true, reason: "container filesystem usage" },
      {
        hostPath: "/var/run",
        containerPath: "/var/run",
        readOnly: true,
        reason: "the Docker socket, to name containers and read their labels",
      },
      {
        hostPath: "/sys",
        containerPath: "/sys",
        readOnly: true,
        reason: "cgroup CPU, memory and I/O counters",
      },
      {
        hostPath: "/var/lib/docker",
        containerPath: "/var/lib/docker",
        readOnly: true,
        reason: "container layer and log sizes",
      },
      {
        hostPath: "/dev/disk",
        containerPath: "/dev/disk",
        readOnly: true,
        reason: "mapping devices to disks",
      },
    ],
    healthCheck: wgetHealthCheck(CADVISOR_HTTP_PORT, "/healthz"),
    security: rootWithoutCapabilities(
      "runs as root (every capability dropped, no --privileged) because the Docker socket and /var/lib/docker are root-only; all host mounts are read-only",
    ),
    workload: { kind: "per-host", replicas: 1 },
  };
}
