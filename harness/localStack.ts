import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { ALERTMANAGER_CONFIG_DIR } from "../components/alertmanager/config";
import { ALERTMANAGER_DATA_DIR, alertmanagerSpec } from "../components/alertmanager/spec";
import { SERVICE_PORTS } from "../components/endpoints";
import { nodeExporterSpec } from "../components/nodeExporter/spec";
import { PROMETHEUS_CONFIG_DIR, PROMETHEUS_DATA_DIR } from "../components/prometheus/config";
import { prometheusSpec } from "../components/prometheus/spec";
import type { HostMount, ServiceSpec } from "../components/service";
import type { SecretKey, StackSettings } from "../settings";
import { binaryPath, type UpstreamTool } from "./binaries";
import { ProcessGroup, type ManagedProcess } from "./processes";
import { rewriteArgs, rewriteValue, rewriteYamlConfig, type LoopbackRewrite } from "./rewrite";

/** The upstream binary for each service that has one on this machine. */
const BINARIES = {
  prometheus: "prometheus",
  alertmanager: "alertmanager",
  "node-exporter": "node_exporter",
} as const satisfies Record<string, UpstreamTool>;
export type LocalServiceName = keyof typeof BINARIES;

export interface LocalPorts {
  readonly prometheus: number;
  readonly alertmanager: number;
  readonly nodeExporter: number;
}

/**
 * The addresses and directories that move when the stack runs on this machine instead of on the
 * stack network: each in-network `service:port` becomes a loopback port, each container folder a
 * folder under `root`, and node_exporter's host mounts the host's own folders.
 */
export function loopbackRewrite(
  root: string,
  ports: LocalPorts,
  hostMounts: readonly HostMount[],
): LoopbackRewrite {
  return {
    addresses: {
      [`localhost:${SERVICE_PORTS.prometheus}`]: `127.0.0.1:${ports.prometheus}`,
      [`alertmanager:${SERVICE_PORTS.alertmanager}`]: `127.0.0.1:${ports.alertmanager}`,
      [`node-exporter:${SERVICE_PORTS["node-exporter"]}`]: `127.0.0.1:${ports.nodeExporter}`,
      // node_exporter's own --web.listen-address=:9100.
      [`:${SERVICE_PORTS["node-exporter"]}`]: `127.0.0.1:${ports.nodeExporter}`,
    },
    directories: {
      [PROMETHEUS_CONFIG_DIR]: `${root}/prometheus/config`,
      [PROMETHEUS_DATA_DIR]: `${root}/prometheus/data`,
      [ALERTMANAGER_CONFIG_DIR]: `${root}/alertmanager/config`,
      [ALERTMANAGER_DATA_DIR]: `${root}/alertmanager/data`,
      // node_exporter reads the host's own folders here, as it does through its host mounts.
      ...Object.fromEntries(hostMounts.map((mount) => [mount.containerPath, mount.hostPath])),
    },
  };
}

/** The flag the container image's default (0.0.0.0:<port>) stands for, bound to loopback instead. */
function listenFlag(name: LocalServiceName, port: number): string[] {
  return name === "node-exporter" ? [] : [`--web.listen-address=127.0.0.1:${port}`];
}

/**
 * Runs the rendered Prometheus, Alertmanager and node_exporter specs as local processes: config files
 * written where the rewritten paths say, secret files filled with test values, args as rendered.
 */
export class LocalStack {
  readonly processes = new ProcessGroup();
  private readonly running = new Map<LocalServiceName, ManagedProcess>();
  readonly specs: Record<LocalServiceName, ServiceSpec>;
  readonly rewrite: LoopbackRewrite;

  constructor(
    readonly root: string,
    readonly ports: LocalPorts,
    settings: StackSettings,
    private readonly secrets: Partial<Record<SecretKey, string>>,
  ) {
    this.specs = {
      prometheus: prometheusSpec(settings),
      alertmanager: alertmanagerSpec(settings),
      "node-exporter": nodeExporterSpec(settings),
    };
    this.rewrite = loopbackRewrite(root, ports, this.specs["node-exporter"].hostMounts);
  }

  url(name: "prometheus" | "alertmanager"): string {
    return `http://127.0.0.1:${this.ports[name]}`;
  }

  private portOf(name: LocalServiceName): number {
    return name === "node-exporter" ? this.ports.nodeExporter : this.ports[name];
  }

  /** Writes the service's files and folders; the main config file gets the loopback rewrite. */
  materialize(name: LocalServiceName): void {
    const spec = this.specs[name];
    const mainConfig = spec.args
      .find((arg) => arg.startsWith("--config.file="))
      ?.slice("--config.file=".length);
    for (const file of spec.configFiles) {
      const local = rewriteValue(file.path, this.rewrite);
      mkdirSync(dirname(local), { recursive: true });
      writeFileSync(
        local,
        file.path === mainConfig ? rewriteYamlConfig(file.content, this.rewrite) : file.content,
      );
    }
    for (const file of spec.secretFiles) {
      const value = this.secrets[file.secret];
      if (value === undefined)
        throw new Error(`the e2e settings need a test value for secret ${file.secret}`);
      const local = rewriteValue(file.path, this.rewrite);
      mkdirSync(dirname(local), { recursive: true });
      writeFileSync(local, value, { mode: 0o600 });
    }
    for (const volume of spec.volumes)
      mkdirSync(rewriteValue(volume.mountPath, this.rewrite), { recursive: true });
  }

  async start(name: LocalServiceName): Promise<ManagedProcess> {
    const spec = this.specs[name];
    const port = this.portOf(name);
    const started = await this.processes.start({
      name,
      command: binaryPath(BINARIES[name]),
      args: [...rewriteArgs(spec.args, this.rewrite), ...listenFlag(name, port)],
      readyUrl: `http://127.0.0.1:${port}${spec.healthCheck.http.path}`,
      readyTimeoutMs: 30_000,
    });
    this.running.set(name, started);
    return started;
  }

  async stop(name: LocalServiceName): Promise<void> {
    const managed = this.running.get(name);
    if (!managed) return;
    this.running.delete(name);
    await this.processes.stop(managed);
  }

  pid(name: LocalServiceName): number | undefined {
    return this.running.get(name)?.pid;
  }

  logs(name: LocalServiceName): string {
    return this.running.get(name)?.logs ?? "";
  }

  async stopAll(): Promise<void> {
    this.running.clear();
    await this.processes.stopAll();
  }
}
