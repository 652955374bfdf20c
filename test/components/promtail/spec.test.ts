import { beforeAll, describe, expect, it } from "vitest";
import { deployMocked, type RegisteredResource } from "../../../harness/pulumiMocks";

/** The log shipper in the Docker resource graph, through Pulumi mocks (no Docker engine here). */

const CONTAINER = "docker:index/container:Container";
const VOLUME = "docker:index/volume:Volume";

interface ShipperContainer {
  name: string;
  mounts?: { type: string; source: string; target: string; readOnly: boolean }[];
  volumes?: { volumeName: string; containerPath: string }[];
  labels: { label: string; value: string }[];
  healthcheck: { tests: string[] };
  command: string[];
}

function containers(resources: readonly RegisteredResource[]): Map<string, ShipperContainer> {
  return new Map(
    resources
      .filter((resource) => resource.type === CONTAINER)
      .map((resource) => [resource.name, resource.inputs as unknown as ShipperContainer]),
  );
}

function volumeNames(resources: readonly RegisteredResource[]): string[] {
  return resources
    .filter((resource) => resource.type === VOLUME)
    .map((resource) => resource.inputs.name as string);
}

async function deploy(stack: string, config: Record<string, unknown>): Promise<RegisteredResource[]> {
  const { resources } = await deployMocked(stack, config, { name: stack });
  return resources;
}

const NODE_LOGS = { node: "xai-node-1", directory: "/var/lib/xai/logs" };

describe("Promtail on the dev stack", () => {
  let resources: RegisteredResource[];

  beforeAll(async () => {
    resources = await deploy("dev", {
      target: "docker",
      xaiNodes: [{ name: "xai-node-1", address: "10.0.0.5:8000" }],
      logs: { shipper: "promtail", xaiNodeLogs: [NODE_LOGS] },
    });
  });

  it("mounts the node's log directory and the journal read-only, nothing writable, and not the Docker socket", () => {
    const promtail = containers(resources).get("promtail");
    expect(promtail).toBeDefined();
    const mounts = promtail?.mounts ?? [];
    // Container discovery goes through the read-only socket proxy, the only container mounting the socket.
    expect(mounts.map((mount) => mount.source)).not.toContain("/var/run/docker.sock");
    const socketMounts = [...containers(resources)].filter(([, container]) =>
      (container.mounts ?? []).some((mount) => mount.source === "/var/run/docker.sock"),
    );
    expect(socketMounts.map(([service]) => service)).toEqual(["docker-socket-proxy"]);
    expect(mounts).toContainEqual({
      type: "bind",
      source: "/var/lib/xai/logs",
      target: "/var/log/xai/xai-node-1",
      readOnly: true,
    });
    expect(mounts.map((mount) => mount.source)).toContain("/var/log/journal");
    expect(mounts.every((mount) => mount.readOnly)).toBe(true);
  });

  it("keeps its positions on a named volume", () => {
    const promtail = containers(resources).get("promtail");
    expect(promtail?.volumes).toContainEqual({
      volumeName: "xai-dev-promtail-positions",
      containerPath: "/var/lib/promtail",
    });
    expect(volumeNames(resources)).toContain("xai-dev-promtail-positions");
  });

  it("labels every container with the stack name the shipper turns into the stack label", () => {
    for (const [service, container] of containers(resources)) {
      expect(container.labels, service).toContainEqual({ label: "xai.observability/stack", value: "dev" });
      expect(container.labels, service).toContainEqual({
        label: "xai.observability/service",
        value: service,
      });
    }
  });

  it("checks Promtail's health with bash, which its image has", () => {
    expect(containers(resources).get("promtail")?.healthcheck.tests.slice(0, 2)).toEqual(["CMD", "bash"]);
  });
});

describe("Alloy selected as the shipper", () => {
  let resources: RegisteredResource[];

  beforeAll(async () => {
    resources = await deploy("alloy", {
      target: "docker",
      xaiNodes: [{ name: "xai-node-1", address: "10.0.0.5:8000" }],
      logs: { shipper: "alloy", xaiNodeLogs: [NODE_LOGS] },
    });
  });

  it("runs Alloy instead of Promtail, beside Loki", () => {
    const names = [...containers(resources).keys()];
    expect(names).toContain("alloy");
    expect(names).toContain("loki");
    expect(names).not.toContain("promtail");
  });

  it("gives Alloy the same read-only mounts and its storage path on a volume", () => {
    const alloy = containers(resources).get("alloy");
    expect(alloy?.mounts?.map((mount) => [mount.source, mount.readOnly])).toEqual(
      expect.arrayContaining([["/var/lib/xai/logs", true]]),
    );
    expect(alloy?.mounts?.map((mount) => mount.source)).not.toContain("/var/run/docker.sock");
    expect(alloy?.volumes).toContainEqual({
      volumeName: "xai-alloy-alloy-data",
      containerPath: "/var/lib/alloy/data",
    });
    expect(alloy?.command).toContain("--storage.path=/var/lib/alloy/data");
  });
});

describe("logs profile off", () => {
  it("removes Loki, the shipper and their volumes", async () => {
    const resources = await deploy("nologs", {
      target: "docker",
      xaiNodes: [{ name: "xai-node-1", address: "10.0.0.5:8000" }],
      logs: { enabled: false, xaiNodeLogs: [NODE_LOGS] },
    });
    const names = [...containers(resources).keys()];
    for (const service of ["loki", "promtail", "alloy"]) expect(names).not.toContain(service);
    expect(names).toContain("prometheus");
    expect(volumeNames(resources).filter((name) => /loki|promtail|alloy/.test(name))).toEqual([]);
  });
});
