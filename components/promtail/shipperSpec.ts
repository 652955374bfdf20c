import type { ServiceSpec } from "../service";
import type { StackSettings } from "../../settings";
import { SERVICE_PORTS } from "../endpoints";
import { baseSpec, bashHealthCheck, rootWithoutCapabilities } from "../specParts";
import { shipperApiAccess, shipperHostMounts } from "./sources";

/** What tells the two log shippers (Promtail, Alloy) apart; they run every other way alike. */
export interface LogShipper {
  readonly name: "promtail" | "alloy";
  readonly image: string;
  readonly args: readonly string[];
  /** Path of the readiness endpoint on the shipper's HTTP port. */
  readonly readyPath: string;
  readonly config: { readonly path: string; readonly content: string };
  /** The volume holding the read positions (for Alloy, its whole storage path). */
  readonly stateVolume: { readonly name: string; readonly mountPath: string };
}

/** The service spec of a log shipper: one per host, reading the host's log files and containers. */
export function logShipperSpec(settings: StackSettings, shipper: LogShipper): ServiceSpec {
  const httpPort = SERVICE_PORTS[shipper.name];
  return {
    ...baseSpec(settings, shipper.name, shipper.image),
    args: shipper.args,
    ports: [{ name: "http", containerPort: httpPort }],
    configFiles: [shipper.config],
    // Positions on a volume: a restart neither resends nor skips lines.
    volumes: [{ ...shipper.stateVolume, size: "1Gi" }],
    hostMounts: shipperHostMounts(settings),
    tmpfs: ["/tmp"],
    // Both images are Ubuntu with bash but without wget or curl (grafana/alloy#477); bash speaks HTTP itself.
    healthCheck: bashHealthCheck(httpPort, shipper.readyPath),
    security: rootWithoutCapabilities(
      "runs as uid 0 (with every capability dropped) because the host log files it reads are owned by root",
    ),
    workload: { kind: "per-host", replicas: 1 },
    // The Kubernetes config tails only this node's pods, matched against HOSTNAME.
    hostIdentityEnv: "HOSTNAME",
    clients: ["prometheus"],
    apiAccess: shipperApiAccess(settings),
    // Container discovery goes through the Docker socket proxy (Docker target).
    ...(settings.target === "docker" ? { startAfter: ["docker-socket-proxy" as const] } : {}),
  };
}
