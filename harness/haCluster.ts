import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { IStatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { parseDocument } from "yaml";
import { ALERTMANAGER_CONFIG_DIR } from "../components/alertmanager/config";
import { ALERTMANAGER_DATA_DIR, alertmanagerSpec } from "../components/alertmanager/spec";
import { replicaHost } from "../components/endpoints";
import { PROMETHEUS_CONFIG_DIR, PROMETHEUS_DATA_DIR } from "../components/prometheus/config";
import { prometheusSpec } from "../components/prometheus/spec";
import type { ServiceSpec } from "../components/service";
import type { SecretKey, StackSettings } from "../settings";
import { binaryPath } from "./binaries";
import { renderedManifests } from "./kubernetes";
import { ProcessGroup, type ManagedProcess } from "./processes";
import { rewriteArgs, rewriteValue, rewriteYamlConfig, type LoopbackRewrite } from "./rewrite";

/** Labels Kubernetes service discovery would attach to one pod target, for the rendered relabelling. */
export type PodMetaLabels = Readonly<Record<`__meta_kubernetes_${string}`, string>>;

export interface StaticTarget {
  readonly address: string;
  readonly labels: PodMetaLabels;
}

/**
 * NOT the rendered config: replaces each scrape job's kubernetes_sd_configs with static targets carrying
 * the `__meta_kubernetes_*` labels the discovery would give the same pods, so the rendered relabel_configs
 * run unchanged. Jobs of services that do not run here get no target. (There is no API server on loopback,
 * and Debian's Prometheus build has no Kubernetes discovery.)
 */
export function kubernetesDiscoveryToStatic(
  prometheusYaml: string,
  targetsByJob: Readonly<Record<string, readonly StaticTarget[]>>,
): string {
  const document = parseDocument(prometheusYaml);
  const config = document.toJS() as { scrape_configs?: Record<string, unknown>[] };
  for (const job of config.scrape_configs ?? []) {
    if (!("kubernetes_sd_configs" in job)) continue;
    delete job.kubernetes_sd_configs;
    const targets = targetsByJob[String(job.job_name)] ?? [];
    job.static_configs = targets.map((target) => ({ targets: [target.address], labels: target.labels }));
  }
  document.contents = document.createNode(config) as typeof document.contents;
  return document.toString({ lineWidth: 0 });
}

/** A pod target as the rendered relabelling expects one: port named `portName`, a pod name, a node. */
export function podTarget(address: string, pod: string, portName: string): StaticTarget {
  return {
    address,
    labels: {
      __meta_kubernetes_pod_name: pod,
      __meta_kubernetes_pod_container_port_name: portName,
      __meta_kubernetes_pod_node_name: "loopback",
      __meta_kubernetes_pod_phase: "Running",
    },
  };
}

/** Container args of a rendered StatefulSet, exactly as the pods get them. */
export function statefulSetArgs(settings: StackSettings, service: string): string[] {
  const manifest = renderedManifests(settings).get(`statefulset-${service}.yaml`) as IStatefulSet | undefined;
  const args = manifest?.spec?.template.spec?.containers[0]?.args;
  if (args === undefined) throw new Error(`the rendered manifests have no StatefulSet ${service}`);
  return args;
}

export interface ReplicaPorts {
  readonly http: number;
  /** Alertmanager's gossip port (its --cluster.listen-address). */
  readonly mesh?: number;
}

/** One replica of a StatefulSet running as a local process. */
export class Replica {
  private process: ManagedProcess | undefined;

  constructor(
    readonly pod: string,
    readonly url: string,
    private readonly group: ProcessGroup,
    private readonly start: () => Promise<ManagedProcess>,
  ) {}

  async up(): Promise<void> {
    this.process = await this.start();
  }

  /** SIGKILL, as a crashed or evicted pod: no graceful leave from the gossip cluster. */
  async kill(): Promise<void> {
    const running = this.process;
    if (!running) return;
    this.process = undefined;
    running.killNow();
    await this.group.stop(running);
  }

  /** SIGTERM, as a rolling restart does. */
  async stop(): Promise<void> {
    const running = this.process;
    if (!running) return;
    this.process = undefined;
    await this.group.stop(running);
  }

  get logs(): string {
    return this.process?.logs ?? "";
  }
}

function writeFiles(
  spec: ServiceSpec,
  rewrite: LoopbackRewrite,
  mainConfig: (content: string) => string,
  secrets: Partial<Record<SecretKey, string>>,
): void {
  const mainPath = spec.args.find((arg) => arg.startsWith("--config.file="))?.slice("--config.file=".length);
  for (const file of spec.configFiles) {
    const local = rewriteValue(file.path, rewrite);
    mkdirSync(dirname(local), { recursive: true });
    writeFileSync(local, file.path === mainPath ? mainConfig(file.content) : file.content);
  }
  for (const file of spec.secretFiles) {
    const value = secrets[file.secret];
    if (value === undefined) throw new Error(`the HA test needs a test value for secret ${file.secret}`);
    const local = rewriteValue(file.path, rewrite);
    mkdirSync(dirname(local), { recursive: true });
    writeFileSync(local, value, { mode: 0o600 });
  }
  for (const volume of spec.volumes) mkdirSync(rewriteValue(volume.mountPath, rewrite), { recursive: true });
}

export interface HaLayout {
  readonly root: string;
  readonly prometheus: readonly ReplicaPorts[];
  readonly alertmanager: readonly ReplicaPorts[];
  /** Scrape targets per job, beyond the Prometheus and Alertmanager replicas (e.g. simulated XAI pods). */
  readonly extraTargets: Readonly<Record<string, readonly StaticTarget[]>>;
}

/**
 * The prod HA set on loopback: Prometheus and Alertmanager replicas from the rendered StatefulSets. Each
 * replica gets its own folders and ports through the loopback rewrite; in-cluster DNS names of the
 * replicas (`alertmanager-1.alertmanager-headless.<namespace>.svc:9094`) become their loopback ports.
 */
export function haReplicas(
  settings: StackSettings,
  layout: HaLayout,
  secrets: Partial<Record<SecretKey, string>>,
  group: ProcessGroup,
): { prometheus: Replica[]; alertmanager: Replica[] } {
  const namespace = settings.kubernetes.namespace;
  const amSpec = alertmanagerSpec(settings);
  const meshPort = amSpec.cluster?.port ?? 9094;
  const amHttpPort = amSpec.ports[0]?.containerPort ?? 9093;
  // Addresses every replica shares: the Alertmanager pods by DNS name, HTTP and gossip.
  const peers: Record<string, string> = {};
  layout.alertmanager.forEach((ports, index) => {
    const host = replicaHost("alertmanager", index, namespace);
    peers[`${host}:${amHttpPort}`] = `127.0.0.1:${ports.http}`;
    if (ports.mesh !== undefined) peers[`${host}:${meshPort}`] = `127.0.0.1:${ports.mesh}`;
  });

  const promSpec = prometheusSpec(settings);
  const targets: Record<string, StaticTarget[]> = {
    ...Object.fromEntries(Object.entries(layout.extraTargets).map(([job, list]) => [job, [...list]])),
    prometheus: layout.prometheus.map((ports, index) =>
      podTarget(`127.0.0.1:${ports.http}`, `prometheus-${index}`, "http"),
    ),
    alertmanager: layout.alertmanager.map((ports, index) =>
      podTarget(`127.0.0.1:${ports.http}`, `alertmanager-${index}`, "http"),
    ),
  };
  const promArgs = statefulSetArgs(settings, "prometheus");
  const prometheus = layout.prometheus.map((ports, index) => {
    const pod = `prometheus-${index}`;
    const rewrite: LoopbackRewrite = {
      addresses: peers,
      directories: {
        [PROMETHEUS_CONFIG_DIR]: join(layout.root, pod, "config"),
        [PROMETHEUS_DATA_DIR]: join(layout.root, pod, "data"),
      },
    };
    writeFiles(
      promSpec,
      rewrite,
      (content) => rewriteYamlConfig(kubernetesDiscoveryToStatic(content, targets), rewrite),
      secrets,
    );
    const url = `http://127.0.0.1:${ports.http}`;
    return new Replica(pod, url, group, () =>
      group.start({
        name: pod,
        command: binaryPath("prometheus"),
        args: [...rewriteArgs(promArgs, rewrite), `--web.listen-address=127.0.0.1:${ports.http}`],
        readyUrl: `${url}${promSpec.healthCheck.http.path}`,
        // The StatefulSet sets POD_NAME from metadata.name; the replica external label expands it.
        env: { POD_NAME: pod },
      }),
    );
  });

  const amArgs = statefulSetArgs(settings, "alertmanager");
  const alertmanager = layout.alertmanager.map((ports, index) => {
    const pod = `alertmanager-${index}`;
    const own = `127.0.0.1:${ports.mesh ?? 0}`;
    const rewrite: LoopbackRewrite = {
      // The pod's own gossip addresses: listen on 0.0.0.0, advertise the pod IP the kubelet expands.
      addresses: { ...peers, [`0.0.0.0:${meshPort}`]: own, [`$(POD_IP):${meshPort}`]: own },
      directories: {
        [ALERTMANAGER_CONFIG_DIR]: join(layout.root, pod, "config"),
        [ALERTMANAGER_DATA_DIR]: join(layout.root, pod, "data"),
      },
    };
    writeFiles(amSpec, rewrite, (content) => rewriteYamlConfig(content, rewrite), secrets);
    const url = `http://127.0.0.1:${ports.http}`;
    return new Replica(pod, url, group, () =>
      group.start({
        name: pod,
        command: binaryPath("alertmanager"),
        args: [...rewriteArgs(amArgs, rewrite), `--web.listen-address=127.0.0.1:${ports.http}`],
        readyUrl: `${url}${amSpec.healthCheck.http.path}`,
      }),
    );
  });
  return { prometheus, alertmanager };
}
