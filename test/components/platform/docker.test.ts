import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { buildServiceSpecs } from "../../../components/catalog";
import { ALLOY_DATA_DIR } from "../../../components/alloy/spec";
import { GRAFANA_ADMIN_PASSWORD_FILE, GRAFANA_SECRET_KEY_FILE } from "../../../components/grafana/server";
import { grafanaSpec } from "../../../components/grafana/spec";
import { uploadDirectories, uploadVolumeName } from "../../../components/platform/docker";
import { prometheusSpec } from "../../../components/prometheus/spec";
import { DEFAULT_IMAGES, type StackSettings } from "../../../settings";
import { loadStackSettings } from "../../../settings/pulumi";
import type { ObservabilityStack } from "../../../components/stack";
import {
  deployMocked,
  installPulumiMocks,
  isSecretInput,
  outputValue,
  plainInput,
  type RegisteredResource,
} from "../../../harness/pulumiMocks";
import { DEV_SERVICES, testSettings } from "../../../harness/settings";

const CONTAINER = "docker:index/container:Container";
const NETWORK = "docker:index/network:Network";
const VOLUME = "docker:index/volume:Volume";
const IMAGE = "docker:index/remoteImage:RemoteImage";
const PASSWORD = "random:index/randomPassword:RandomPassword";

interface ContainerInputs {
  name: string;
  image: string;
  command: string[];
  envs?: string[];
  networksAdvanced: { name: string; aliases: string[] }[];
  ports?: { internal: number; external: number; ip: string }[];
  /** Secret-marked as a whole when any file in it is secret. */
  uploads: unknown;
  volumes?: { volumeName: string; containerPath: string }[];
  healthcheck: { tests: string[]; interval: string; retries: number };
  wait: boolean;
  waitTimeout: number;
  restart: string;
  memory: number;
  cpus: string;
  logDriver: string;
  logOpts: Record<string, string>;
  securityOpts: string[];
  capabilities: { drops: string[] };
  labels: { label: string; value: string }[];
}

interface Upload {
  file: string;
  content: string;
  permissions: string;
}

function uploadsOf(container: ContainerInputs): Upload[] {
  return plainInput(container.uploads) as Upload[];
}

function ofType(resources: readonly RegisteredResource[], type: string): RegisteredResource[] {
  return resources.filter((resource) => resource.type === type);
}

function containers(resources: readonly RegisteredResource[]): Map<string, ContainerInputs> {
  return new Map(
    ofType(resources, CONTAINER).map((resource) => [
      resource.name,
      resource.inputs as unknown as ContainerInputs,
    ]),
  );
}

const DEV_CONFIG = {
  target: "docker",
  xaiNodes: [{ name: "xai-node-1", address: "10.0.0.5:8000", network: "testnet" }],
};

describe("dev stack on Docker, all profiles on", () => {
  let resources: RegisteredResource[];
  let stack: ObservabilityStack;
  let settings: StackSettings;

  beforeAll(async () => {
    ({ resources, stack, settings } = await deployMocked("dev", DEV_CONFIG));
  });

  it("deploys exactly the specs render prints (one code path)", () => {
    expect(Object.values(stack.services).map((service) => service.spec)).toEqual(buildServiceSpecs(settings));
  });

  it("runs the eight services, each in its own container", () => {
    expect([...containers(resources).keys()].sort()).toEqual([...DEV_SERVICES].sort());
  });

  it("puts every container on the internal network, reachable by its service name", () => {
    const internal = ofType(resources, NETWORK).find((network) => network.name === "internal");
    expect(internal?.inputs).toMatchObject({ name: "xai-dev-internal", internal: true });
    for (const [service, container] of containers(resources)) {
      expect(container.networksAdvanced).toContainEqual({ name: "xai-dev-internal", aliases: [service] });
    }
  });

  it("gives every container a health check that pulumi up waits for", () => {
    for (const [service, container] of containers(resources)) {
      expect(container.healthcheck.tests[0], service).toBe("CMD");
      expect(container.healthcheck.tests.length, service).toBeGreaterThan(1);
      expect(container.wait, service).toBe(true);
      expect(container.waitTimeout, service).toBeGreaterThan(0);
    }
  });

  it("pulls only the pinned default images", () => {
    const images = ofType(resources, IMAGE).map((image) => image.inputs.name as string);
    const expected = [
      DEFAULT_IMAGES.prometheus,
      DEFAULT_IMAGES.alertmanager,
      DEFAULT_IMAGES.grafana,
      DEFAULT_IMAGES.nodeExporter,
      DEFAULT_IMAGES.cadvisor,
      DEFAULT_IMAGES.loki,
      DEFAULT_IMAGES.alloy,
      DEFAULT_IMAGES.dockerSocketProxy,
    ];
    expect(images.sort()).toEqual(expected.sort());
    for (const image of images) expect(image).toMatch(/:v?\d+\.\d+\.\d+(-alpine)?$/);
    for (const [service, container] of containers(resources)) {
      expect(container.image, service).toBe(`sha256:${service}-image`);
    }
  });

  it("keeps Prometheus data for the configured 30 days, as a flag", () => {
    const prometheus = containers(resources).get("prometheus")!;
    expect(prometheus.command).toContain("--storage.tsdb.retention.time=30d");
    expect(prometheus.command).toContain("--web.enable-lifecycle");
  });

  it("stores the data of every stateful service on a named volume", () => {
    const volumeNames = new Set(ofType(resources, VOLUME).map((volume) => volume.inputs.name));
    const expectedMounts: Record<string, string> = {
      prometheus: "/prometheus",
      alertmanager: "/alertmanager",
      grafana: "/var/lib/grafana",
      loki: "/loki",
      alloy: ALLOY_DATA_DIR,
    };
    for (const [service, mountPath] of Object.entries(expectedMounts)) {
      const volumes = containers(resources).get(service)!.volumes ?? [];
      expect(
        volumes.map((volume) => volume.containerPath),
        service,
      ).toContain(mountPath);
      for (const volume of volumes) expect(volumeNames.has(volume.volumeName), service).toBe(true);
    }
  });

  it("publishes only Prometheus, Grafana, Alertmanager and Loki, on loopback, via the edge network", () => {
    const published = new Map<string, number[]>();
    for (const [service, container] of containers(resources)) {
      for (const port of container.ports ?? []) {
        expect(port.ip, service).toBe("127.0.0.1");
        published.set(service, [...(published.get(service) ?? []), port.external]);
      }
      const onEdge = container.networksAdvanced.some((network) => network.name === "xai-dev-edge");
      expect(onEdge, service).toBe(published.has(service));
    }
    expect(Object.fromEntries(published)).toEqual({
      prometheus: [9090],
      grafana: [3000],
      alertmanager: [9093],
      loki: [3100],
    });
  });

  it("uploads each rendered config file read-only and labels the container with their hash", () => {
    const prometheus = containers(resources).get("prometheus")!;
    const config = uploadsOf(prometheus).find((upload) => upload.file === "/etc/prometheus/prometheus.yml");
    expect(config?.content).toContain("job_name: xai-node");
    expect(config?.permissions).toBe("0444");
    expect(isSecretInput(prometheus.uploads)).toBe(false);
    const hashLabel = prometheus.labels.find((label) => label.label === "xai.observability/config-sha256");
    expect(hashLabel?.value).toMatch(/^[0-9a-f]{64}$/);
  });

  it("puts every uploaded file inside a volume, since Docker refuses uploads into a read-only rootfs", () => {
    for (const [service, container] of containers(resources)) {
      const mounts = (container.volumes ?? []).map((volume) => volume.containerPath);
      for (const upload of uploadsOf(container)) {
        expect(
          mounts.some((mount) => upload.file.startsWith(`${mount}/`)),
          `${service}: ${upload.file}`,
        ).toBe(true);
      }
    }
  });

  it("applies the runtime guard rails to every container", () => {
    for (const [service, container] of containers(resources)) {
      expect(container.restart, service).toBe("unless-stopped");
      expect(container.memory, service).toBeGreaterThan(0);
      expect(Number(container.cpus), service).toBeGreaterThan(0);
      expect(container.logDriver, service).toBe("json-file");
      expect(container.logOpts, service).toMatchObject({ "max-size": "10m", "max-file": "3" });
      expect(container.securityOpts, service).toContain("no-new-privileges:true");
      expect(container.capabilities.drops, service).toEqual(["ALL"]);
    }
  });

  it("generates the Grafana admin password and delivers it as a secret file, never in env", async () => {
    expect(ofType(resources, PASSWORD).map((resource) => resource.name)).toContain("grafana-admin-password");
    const grafana = containers(resources).get("grafana")!;
    // The file content comes from a secret output, so Pulumi keeps the whole uploads property secret.
    expect(isSecretInput(grafana.uploads)).toBe(true);
    const passwordFile = uploadsOf(grafana).find((upload) => upload.file === GRAFANA_ADMIN_PASSWORD_FILE);
    expect(passwordFile?.content).toBe("generated-password-for-tests");
    expect(passwordFile?.permissions).toBe("0400");
    for (const [service, container] of containers(resources)) {
      expect((container.envs ?? []).join("\n"), service).not.toContain("generated-password-for-tests");
    }
    expect(await pulumi.isSecret(stack.grafanaAdminPassword)).toBe(true);
  });

  it("generates Grafana's secret key and delivers it only as a secret file", () => {
    expect(
      ofType(resources, PASSWORD)
        .map((resource) => resource.name)
        .sort(),
    ).toEqual(["grafana-admin-password", "grafana-secret-key"]);
    const grafana = containers(resources).get("grafana")!;
    expect(grafana.envs).toContain(`GF_SECURITY_SECRET_KEY__FILE=${GRAFANA_SECRET_KEY_FILE}`);
    const keyFile = uploadsOf(grafana).find((upload) => upload.file === GRAFANA_SECRET_KEY_FILE);
    expect(keyFile?.content).toBe("generated-grafana-secret-key-for-tests");
    expect(keyFile?.permissions).toBe("0400");
    for (const resource of resources) {
      if (resource.type === PASSWORD) continue;
      const plain = JSON.stringify(resource.inputs, (_key, value: unknown) =>
        isSecretInput(value) ? "[secret]" : value,
      );
      expect(plain, resource.name).not.toContain("generated-grafana-secret-key-for-tests");
    }
  });

  it("exports the user-facing URLs and the admin user", async () => {
    expect(await outputValue(stack.prometheusUrl)).toBe("http://127.0.0.1:9090");
    expect(await outputValue(stack.grafanaUrl)).toBe("http://127.0.0.1:3000");
    expect(await outputValue(stack.alertmanagerUrl)).toBe("http://127.0.0.1:9093");
    expect(stack.lokiUrl).toBeDefined();
    expect(await outputValue(stack.lokiUrl!)).toBe("http://127.0.0.1:3100");
    expect(await outputValue(stack.grafanaAdminUser)).toBe("admin");
    expect(await outputValue(stack.grafanaAdminPassword)).toBe("generated-password-for-tests");
  });
});

describe("dev stack with both profiles off and a configured password", () => {
  let resources: RegisteredResource[];
  let stack: ObservabilityStack;

  beforeAll(async () => {
    ({ resources, stack } = await deployMocked(
      "lean",
      {
        target: "docker",
        logs: { enabled: false },
        containers: { enabled: false },
        grafanaAdminPassword: "configured-secret-password",
        grafanaSecretKey: "configured-secret-key",
      },
      { secretKeys: ["grafanaAdminPassword", "grafanaSecretKey"], name: "lean" },
    ));
  });

  it("runs only the four core services and exports no Loki URL", () => {
    expect([...containers(resources).keys()].sort()).toEqual(
      ["alertmanager", "grafana", "node-exporter", "prometheus"].sort(),
    );
    expect(stack.lokiUrl).toBeUndefined();
  });

  it("uses the configured password and secret key, still as secrets, and generates neither", async () => {
    expect(ofType(resources, PASSWORD)).toHaveLength(0);
    const grafana = containers(resources).get("grafana")!;
    expect(isSecretInput(grafana.uploads)).toBe(true);
    const passwordFile = uploadsOf(grafana).find((upload) => upload.file === GRAFANA_ADMIN_PASSWORD_FILE);
    expect(passwordFile?.content).toBe("configured-secret-password");
    const keyFile = uploadsOf(grafana).find((upload) => upload.file === GRAFANA_SECRET_KEY_FILE);
    expect(keyFile?.content).toBe("configured-secret-key");
    expect(await pulumi.isSecret(stack.grafanaAdminPassword)).toBe(true);
  });
});

describe("upload volumes", () => {
  const settings = testSettings();

  it("gives nested config folders one volume and skips folders inside data volumes", () => {
    const spec = prometheusSpec(settings);
    const withNested = {
      ...spec,
      configFiles: [
        ...spec.configFiles,
        { path: "/etc/prometheus/rules/a.yml", content: "groups: []\n" },
        { path: "/prometheus/inside-data.txt", content: "x" },
      ],
    };
    expect(uploadDirectories(withNested)).toEqual(["/etc/prometheus"]);
    expect(uploadDirectories(grafanaSpec(settings))).toContain("/run/secrets");
  });

  it("names the volume after the folder's contents, so a config change gets a fresh volume", () => {
    const spec = prometheusSpec(settings);
    const changed = prometheusSpec({ ...settings, scrapeInterval: "30s" });
    const name = uploadVolumeName("dev", spec, "/etc/prometheus");
    expect(name).toMatch(/^xai-dev-prometheus-etc-prometheus-[0-9a-f]{12}$/);
    expect(uploadVolumeName("dev", prometheusSpec(settings), "/etc/prometheus")).toBe(name);
    expect(uploadVolumeName("dev", changed, "/etc/prometheus")).not.toBe(name);
  });
});

describe("bad configuration", () => {
  it("stops before registering anything when the password is in plain text", async () => {
    const resources = await installPulumiMocks("bad", {
      target: "docker",
      grafanaAdminPassword: "oops-plain-text",
    });
    expect(() => loadStackSettings()).toThrow(/grafanaAdminPassword: expected a secret/);
    expect(resources).toHaveLength(0);
  });
});
