import { createHash } from "node:crypto";
import { posix } from "node:path";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { ServiceSpec } from "../service";
import { inNetworkUrl, publishedUrl } from "../endpoints";
import type { StackSettings } from "../../settings";
import { requiredSecret, type DeployedService, type Platform, type PlatformSecrets } from "./index";

export interface DockerPlatformArgs {
  readonly settings: StackSettings;
  readonly secrets: PlatformSecrets;
}

/** Log rotation for every container: at most 3 × 10 MB of json-file logs each. */
export const DOCKER_LOG_OPTIONS = { "max-size": "10m", "max-file": "3" } as const;
/** How long `pulumi up` waits for a container to report healthy before failing. */
export const HEALTH_WAIT_SECONDS = 180;

/** Names of the stack's Docker objects; the stack name keeps dev stacks on one host apart. */
export function dockerNames(stack: string): {
  network: string;
  edgeNetwork: string;
  container: (service: string) => string;
  volume: (volume: string) => string;
} {
  const prefix = `xai-${stack}`;
  return {
    network: `${prefix}-internal`,
    edgeNetwork: `${prefix}-edge`,
    container: (service) => `${prefix}-${service}`,
    volume: (volume) => `${prefix}-${volume}`,
  };
}

/** Hash of everything a container is configured from, shown as a label so a change is easy to spot. */
export function configHash(spec: ServiceSpec): string {
  const hash = createHash("sha256");
  for (const file of spec.configFiles) hash.update(`${file.path}\0${file.content}\0`);
  return hash.digest("hex");
}

/**
 * Folders that receive uploaded files (config and secret files), each mounted as its own small volume.
 * Docker refuses to copy files into a container with a read-only root filesystem ("container rootfs is
 * marked read-only") unless the destination is inside a volume; these volumes make both possible.
 * Folders already inside a data volume need none; nested folders share their parent's.
 */
export function uploadDirectories(spec: ServiceSpec): string[] {
  const inDataVolume = (dir: string): boolean =>
    spec.volumes.some((volume) => dir === volume.mountPath || dir.startsWith(`${volume.mountPath}/`));
  const dirs = [
    ...new Set([...spec.configFiles, ...spec.secretFiles].map((file) => posix.dirname(file.path))),
  ]
    .filter((dir) => !inDataVolume(dir))
    .sort();
  return dirs.filter((dir) => !dirs.some((other) => other !== dir && dir.startsWith(`${other}/`)));
}

/**
 * Docker name of the volume holding one upload folder. It changes with the folder's file list and config
 * contents, so a change gets a fresh volume (no stale files) and the old one is removed; secret values
 * are not hashed (the container is replaced when they change, which rewrites the files).
 */
export function uploadVolumeName(stack: string, spec: ServiceSpec, dir: string): string {
  const hash = createHash("sha256");
  hash.update(`${dir}\0`);
  for (const file of spec.configFiles) {
    if (file.path.startsWith(`${dir}/`)) hash.update(`${file.path}\0${file.content}\0`);
  }
  for (const file of spec.secretFiles) {
    if (file.path.startsWith(`${dir}/`)) hash.update(`${file.path}\0secret:${file.secret}\0`);
  }
  return `${dockerNames(stack).volume(spec.name)}${dir.replaceAll("/", "-")}-${hash.digest("hex").slice(0, 12)}`;
}

/** The container's user as owner and group for uploaded secret files, so only that user can read them. */
function fileOwner(user: string): { owner: string; group: string } {
  const [owner = "0", group = "0"] = user.split(":");
  return { owner, group };
}

/** Docker healthcheck timing strings ("15s") from the spec's seconds. */
export function dockerHealthcheck(spec: ServiceSpec): docker.types.input.ContainerHealthcheck {
  const check = spec.healthCheck;
  return {
    tests: ["CMD", ...check.command],
    interval: `${check.intervalSeconds}s`,
    timeout: `${check.timeoutSeconds}s`,
    retries: check.retries,
    startPeriod: `${check.startPeriodSeconds}s`,
  };
}

/**
 * Runs ServiceSpecs as Docker containers. Every service joins one internal network (no route out, no
 * published ports); services with a published port also join an edge network, which is the only one
 * that publishes, and only on `expose.bindAddress`.
 */
export class DockerPlatform extends pulumi.ComponentResource implements Platform {
  readonly network: docker.Network;
  readonly edgeNetwork: docker.Network;
  private readonly settings: StackSettings;
  private readonly secrets: PlatformSecrets;
  private readonly names: ReturnType<typeof dockerNames>;

  constructor(name: string, args: DockerPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("xai:observability:DockerPlatform", name, {}, opts);
    this.settings = args.settings;
    this.secrets = args.secrets;
    this.names = dockerNames(args.settings.stack);
    this.network = new docker.Network(
      "internal",
      { name: this.names.network, internal: true, driver: "bridge" },
      { parent: this },
    );
    this.edgeNetwork = new docker.Network(
      "edge",
      { name: this.names.edgeNetwork, driver: "bridge" },
      { parent: this },
    );
    this.registerOutputs({ network: this.network.name, edgeNetwork: this.edgeNetwork.name });
  }

  deploy(
    spec: ServiceSpec,
    parent: pulumi.ComponentResource,
    startAfter: readonly pulumi.Resource[] = [],
  ): DeployedService {
    const opts = { parent };
    const published = spec.ports.filter((port) => port.publishedPort !== undefined);
    const bindAddress = this.settings.expose.bindAddress;

    const image = new docker.RemoteImage(`${spec.name}-image`, { name: spec.image, keepLocally: true }, opts);
    const volumes = spec.volumes.map(
      (volume) =>
        new docker.Volume(
          `${spec.name}-${volume.name}`,
          { name: this.names.volume(volume.name) },
          // Data outlives a container replacement; deleting the stack must not silently drop it.
          { ...opts, retainOnDelete: true },
        ),
    );

    const uploadVolumes = uploadDirectories(spec).map((dir) => ({
      dir,
      volume: new docker.Volume(
        `${spec.name}-files${dir.replaceAll("/", "-")}`,
        { name: uploadVolumeName(this.settings.stack, spec, dir) },
        opts,
      ),
    }));

    const networks = [{ name: this.network.name, aliases: [spec.name] }];
    if (published.length > 0) networks.push({ name: this.edgeNetwork.name, aliases: [spec.name] });

    const container = new docker.Container(
      spec.name,
      {
        name: this.names.container(spec.name),
        image: image.imageId,
        entrypoints: spec.command ? [...spec.command] : undefined,
        command: [...spec.args],
        envs: Object.entries(spec.env).map(([key, value]) => `${key}=${value}`),
        networksAdvanced: networks,
        // Lets Prometheus reach exporters and XAI nodes on the Docker host by name, as Docker Desktop does.
        hosts: [{ host: "host.docker.internal", ip: "host-gateway" }],
        ports: published.map((port) => ({
          internal: port.containerPort,
          external: port.publishedPort,
          ip: bindAddress,
        })),
        uploads: [
          // Config changes replace the container (uploads cannot change in place), so it rolls. Every
          // file lands in an upload volume (see uploadDirectories); config is world-readable, not writable.
          ...spec.configFiles.map((file) => ({
            file: file.path,
            content: file.content,
            permissions: "0444",
          })),
          ...spec.secretFiles.map((file) => ({
            file: file.path,
            content: pulumi.secret(requiredSecret(this.secrets, file.secret, spec.name)),
            permissions: "0400",
            ...fileOwner(spec.security.user),
          })),
        ],
        volumes: [
          ...spec.volumes.map((volume, index) => ({
            volumeName: volumes[index]!.name,
            containerPath: volume.mountPath,
          })),
          ...uploadVolumes.map(({ dir, volume }) => ({ volumeName: volume.name, containerPath: dir })),
        ],
        mounts: spec.hostMounts.map((mount) => ({
          type: "bind",
          source: mount.hostPath,
          target: mount.containerPath,
          readOnly: mount.readOnly,
        })),
        tmpfs: Object.fromEntries(spec.tmpfs.map((path) => [path, "rw,noexec,nosuid,size=64m"])),
        healthcheck: dockerHealthcheck(spec),
        wait: true,
        waitTimeout: HEALTH_WAIT_SECONDS,
        restart: "unless-stopped",
        memory: Math.round(spec.resources.memoryBytes / 2 ** 20),
        cpus: String(spec.resources.cpus),
        logDriver: "json-file",
        logOpts: { ...DOCKER_LOG_OPTIONS },
        securityOpts: ["no-new-privileges:true"],
        readOnly: spec.security.readOnlyRootFilesystem,
        user: spec.security.user,
        capabilities: { drops: ["ALL"], adds: [...spec.security.addCapabilities] },
        pidMode: spec.security.hostPid ? "host" : undefined,
        labels: [
          { label: "org.opencontainers.image.ref.name", value: spec.image },
          { label: "xai.observability/service", value: spec.name },
          // Read by the log shipper as the `stack` label of each container's logs.
          { label: "xai.observability/stack", value: this.settings.stack },
          { label: "xai.observability/config-sha256", value: configHash(spec) },
        ],
      },
      { ...opts, deleteBeforeReplace: true, dependsOn: [...startAfter] },
    );

    const mainPort = spec.ports[0];
    const firstPublished = published[0];
    return {
      internalUrl: pulumi.output(
        mainPort ? inNetworkUrl(this.settings, spec.name, mainPort.containerPort) : spec.name,
      ),
      externalUrl:
        firstPublished?.publishedPort !== undefined
          ? pulumi.output(publishedUrl(bindAddress, firstPublished.publishedPort))
          : undefined,
      // wait: true means the container resource only exists once Docker reported it healthy.
      healthy: container.id.apply((id) => id.length > 0),
      readyResource: container,
    };
  }
}
