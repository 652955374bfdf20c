import type { ServiceSpec } from "../service";
import type { StackSettings } from "../../settings";
import { SERVICE_PORTS } from "../endpoints";
import { baseSpec, rootWithoutCapabilities, wgetHealthCheck } from "../specParts";
import {
  DOCKER_SOCKET_PATH,
  DOCKER_SOCKET_PROXY_CONFIG_PATH,
  DOCKER_SOCKET_PROXY_HEALTH_PORT,
  renderDockerSocketProxyConfig,
} from "./config";

/** Docker target only: the one container that mounts the Docker socket, on the internal network only. */
export function dockerSocketProxySpec(settings: StackSettings): ServiceSpec {
  return {
    ...baseSpec(settings, "docker-socket-proxy", settings.images.dockerSocketProxy),
    // The image's entrypoint adds -W -db (master-worker, foreground) when the first argument is haproxy.
    args: ["haproxy", "-f", DOCKER_SOCKET_PROXY_CONFIG_PATH],
    // Never published: only services on the internal network reach it.
    ports: [{ name: "docker-api", containerPort: SERVICE_PORTS["docker-socket-proxy"] }],
    configFiles: [{ path: DOCKER_SOCKET_PROXY_CONFIG_PATH, content: renderDockerSocketProxyConfig() }],
    hostMounts: [
      {
        hostPath: DOCKER_SOCKET_PATH,
        containerPath: DOCKER_SOCKET_PATH,
        readOnly: true,
        reason:
          "forwards the read-only Docker API calls the log shipper and cAdvisor make; refuses all others",
      },
    ],
    tmpfs: ["/tmp"],
    healthCheck: wgetHealthCheck(DOCKER_SOCKET_PROXY_HEALTH_PORT, "/healthz"),
    security: rootWithoutCapabilities(
      "runs as uid 0 (every capability dropped) because the Docker socket is owned by root; it is the only container that mounts it",
    ),
    clients: ["promtail", "alloy", "cadvisor"],
  };
}
