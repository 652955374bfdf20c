import type { ServiceSpec } from "../service";
import type { StackSettings } from "../../settings";
import { DOCKER_API_HOST } from "../dockerSocketProxy/config";
import type { HostMount } from "../service";
import { SERVICE_PORTS } from "../endpoints";
import { baseSpec, rootWithoutCapabilities, wgetHealthCheck } from "../specParts";

/**
 * The container runtime's API. Docker hosts: the read-only socket proxy, never the socket itself.
 * Kubernetes nodes: containerd's socket directory only, not all of /var/run (which holds docker.sock too).
 */
function runtimeAccess(settings: StackSettings): { args: string[]; mounts: HostMount[] } {
  if (settings.target === "kubernetes") {
    return {
      args: ["--docker_only=false", "--containerd=/var/run/containerd/containerd.sock"],
      mounts: [
        {
          hostPath: "/var/run/containerd",
          containerPath: "/var/run/containerd",
          readOnly: true,
          reason: "the containerd socket, to name containers and read their labels",
        },
      ],
    };
  }
  return { args: ["--docker_only=true", `--docker=${DOCKER_API_HOST}`], mounts: [] };
}

export function cadvisorSpec(settings: StackSettings): ServiceSpec {
  const runtime = runtimeAccess(settings);
  return {
    ...baseSpec(settings, "cadvisor", settings.images.cadvisor),
    args: [
      `--port=${SERVICE_PORTS.cadvisor}`,
      "--housekeeping_interval=15s",
      // Docker hosts: Docker's containers only, named through the socket proxy. Kubernetes nodes run containerd.
      ...runtime.args,
      // Per-container metrics we do not chart; dropping them keeps series counts low.
      "--disable_metrics=percpu,sched,tcp,udp,disk,diskIO,hugetlb,referenced_memory,resctrl,process",
      "--store_container_labels=false",
    ],
    ports: [{ name: "http", containerPort: SERVICE_PORTS.cadvisor }],
    // cAdvisor's documented read-only mounts (its README's docker run), each for the reason given.
    hostMounts: [
      { hostPath: "/", containerPath: "/rootfs", readOnly: true, reason: "container filesystem usage" },
      ...runtime.mounts,
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
    healthCheck: wgetHealthCheck(SERVICE_PORTS.cadvisor, "/healthz"),
    security: rootWithoutCapabilities(
      "runs as root (every capability dropped, no --privileged) because /var/lib/docker (and on Kubernetes the containerd socket) are root-only; all host mounts are read-only",
    ),
    workload: { kind: "per-host", replicas: 1 },
    // cAdvisor connects to the Docker API once, at start-up: the proxy must already answer.
    ...(settings.target === "docker" ? { startAfter: ["docker-socket-proxy" as const] } : {}),
  };
}
