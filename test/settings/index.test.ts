import { describe, expect, it } from "vitest";
import {
  DEFAULT_IMAGES,
  SettingsError,
  parseSettings,
  type RawStackConfig,
  type StackSettings,
} from "../../settings";
import { secretPlaceholder, stackConfigFromYaml } from "../../settings/stackFile";
import { settingsErrorOf } from "../../harness/settings";

function raw(values: Record<string, unknown>, secretKeys: string[] = []): RawStackConfig {
  return { project: "xai-observability", stack: "dev", values, secretKeys: new Set(secretKeys) };
}

/** The SettingsError a bad input produces (the test fails if parsing succeeds). */
function problemsOf(values: Record<string, unknown>, secretKeys: string[] = []): SettingsError {
  return settingsErrorOf(() => parseSettings(raw(values, secretKeys)));
}

describe("parseSettings defaults", () => {
  const settings: StackSettings = parseSettings(raw({ target: "docker" }));

  it("fills in the documented defaults", () => {
    expect(settings.environment).toBe("dev");
    expect(settings.cluster).toBe("xai-dev");
    expect(settings.retention).toEqual({ prometheusTime: "30d", lokiPeriod: "720h" });
    expect(settings.scrapeInterval).toBe("15s");
    expect(settings.evaluationInterval).toBe("15s");
    expect(settings.xaiNodes).toEqual([]);
    expect(settings.exporters).toEqual({ postgres: [], redis: [], validators: [], dockerEngine: [] });
    expect(settings.images).toEqual(DEFAULT_IMAGES);
    expect(settings.logs).toMatchObject({ enabled: true, shipper: "alloy" });
    expect(settings.containers.enabled).toBe(true);
    expect(settings.expose.bindAddress).toBe("127.0.0.1");
    expect(settings.grafana.adminUser).toBe("admin");
    expect(settings.configuredSecrets).toEqual([]);
  });

  it("pins every default image to an explicit version", () => {
    for (const image of Object.values(DEFAULT_IMAGES)) {
      expect(image).toMatch(/:v?\d+\.\d+\.\d+(-alpine)?$/);
    }
  });

  it("keeps resource defaults for services not overridden", () => {
    const custom = parseSettings(
      raw({ target: "docker", resources: { prometheus: { memory: "4Gi", cpus: 2 } } }),
    );
    expect(custom.resources.prometheus).toEqual({ memory: "4Gi", cpus: 2 });
    expect(custom.resources.grafana).toEqual(settings.resources.grafana);
  });

  it("records a configured secret by key only", () => {
    const withSecret = parseSettings(
      raw({ target: "docker", grafanaAdminPassword: "s3cret" }, ["grafanaAdminPassword"]),
    );
    expect(withSecret.configuredSecrets).toEqual(["grafanaAdminPassword"]);
    expect(JSON.stringify(withSecret)).not.toContain("s3cret");
  });
});

describe("parseSettings rejects bad input, naming the key and the expected form", () => {
  const node = { name: "xai-node-1", address: "10.0.0.5:8000" };
  const cases: { input: string; values: Record<string, unknown>; secretKeys?: string[]; message: RegExp }[] =
    [
      {
        input: "an unknown target",
        values: { target: "swarm" },
        message: /target: expected docker or kubernetes/,
      },
      {
        input: "a bad duration",
        values: { target: "docker", retention: { prometheusTime: "30 days" } },
        message: /retention\.prometheusTime: expected a duration such as 15s/,
      },
      {
        input: "a port out of range",
        values: { target: "docker", expose: { ports: { grafana: 70000 } } },
        message: /expose\.ports\.grafana: expected a port number from 1 to 65535/,
      },
      {
        input: "a duplicate node name",
        values: { target: "docker", xaiNodes: [node, { ...node, address: "10.0.0.6:8000" }] },
        message:
          /xaiNodes\[1\]\.name: expected a unique node name; "xai-node-1" is already used by xaiNodes\[0\]/,
      },
      {
        input: "an address without a port",
        values: { target: "docker", xaiNodes: [{ name: "xai-node-1", address: "10.0.0.5" }] },
        message: /xaiNodes\[0\]\.address: expected host:port/,
      },
      {
        input: "an unknown key",
        values: { target: "docker", logs: { enabled: true, shiper: "alloy" } },
        message: /logs\.shiper: unknown key/,
      },
      {
        input: "a secret set in plain text",
        values: { target: "docker", grafanaAdminPassword: "hunter2" },
        message:
          /grafanaAdminPassword: expected a secret; set it with `pulumi config set --secret grafanaAdminPassword/,
      },
      {
        input: "an image tagged latest",
        values: { target: "docker", images: { grafana: "grafana/grafana:latest" } },
        message: /images\.grafana: expected an explicit version tag, not latest/,
      },
      {
        input: "an exporter target without a port",
        values: { target: "docker", exporters: { redis: ["redis"] } },
        message: /exporters\.redis\[0\]: expected host:port/,
      },
    ];

  for (const { input, values, secretKeys, message } of cases) {
    it(`reports ${input}`, () => {
      const error = problemsOf(values, secretKeys);
      expect(error.message).toMatch(message);
      expect(error.problems).toHaveLength(1);
    });
  }

  it("reports a port above 65535 in an address", () => {
    const error = problemsOf({
      target: "docker",
      xaiNodes: [{ name: "xai-node-1", address: "10.0.0.5:99999" }],
    });
    expect(error.message).toMatch(/xaiNodes\[0\]\.address: expected host:port with a port from 1 to 65535/);
  });

  it("reports every problem at once, in one error", () => {
    const error = problemsOf({
      target: "swarm",
      scrapeInterval: "often",
      xaiNodes: [{ name: "Node One", address: "nowhere" }],
    });
    expect(error.problems).toHaveLength(4);
    expect(error.message).toContain('Invalid configuration for stack "dev" (4 problems)');
    for (const key of ["target", "scrapeInterval", "xaiNodes[0].name", "xaiNodes[0].address"]) {
      expect(error.message).toContain(`${key}: `);
    }
  });

  it("shows the offending value next to the key", () => {
    expect(problemsOf({ target: "swarm" }).message).toContain('(got "swarm")');
  });
});

describe("reading Pulumi.<stack>.yaml without the engine", () => {
  const yaml = [
    "config:",
    "  xai-observability:target: docker",
    "  xai-observability:xaiNodes:",
    "    - name: xai-node-1",
    "      address: 10.0.0.5:8000",
    "  xai-observability:grafanaAdminPassword:",
    "    secure: AAABAGV4YW1wbGU=",
    "  docker:host: unix:///var/run/docker.sock",
    "",
  ].join("\n");

  it("keeps this project's keys, decodes objects and replaces secure values with placeholders", () => {
    const config = stackConfigFromYaml(yaml, "xai-observability", "dev");
    expect(config.values).toEqual({
      target: "docker",
      xaiNodes: [{ name: "xai-node-1", address: "10.0.0.5:8000" }],
      grafanaAdminPassword: secretPlaceholder("grafanaAdminPassword"),
    });
    expect([...config.secretKeys]).toEqual(["grafanaAdminPassword"]);
    expect(parseSettings(config).configuredSecrets).toEqual(["grafanaAdminPassword"]);
  });

  it("reads an empty stack file as no settings", () => {
    expect(stackConfigFromYaml("", "xai-observability", "dev").values).toEqual({});
  });
});
