import { getMonitor } from "@pulumi/pulumi/runtime/settings";
import { beforeAll, describe, expect, it } from "vitest";
import { XAI_FOLDER } from "../../../components/grafana/content";
import { DATASOURCE_UIDS } from "../../../dashboards/datasources";
import { loadStackSettings } from "../../../settings/pulumi";
import { ObservabilityStack } from "../../../components/stack";
import { DASHBOARD_UIDS } from "../../../dashboards";
import {
  installPulumiMocks,
  isSecretInput,
  outputValue,
  plainInput,
  settleStack,
  type RegisteredResource,
} from "../../../harness/pulumiMocks";

const PROVIDER = "pulumi:providers:grafana";
const DATASOURCE = "grafana:oss/dataSource:DataSource";
const FOLDER = "grafana:oss/folder:Folder";
const DASHBOARD = "grafana:oss/dashboard:Dashboard";
const ADMIN_PASSWORD_STEP = "pulumi-nodejs:dynamic/grafana:AdminPassword";
const MOCK_PASSWORD = "generated-password-for-tests";

/** What the engine is told about each registration, beyond its inputs. */
interface Registration {
  readonly dependencies: readonly string[];
  /** `<provider urn>::<provider id>`, empty for the default provider. */
  readonly provider: string;
}

interface RegisterResourceRequest {
  getType(): string;
  getName(): string;
  getDependenciesList(): string[];
  getProvider(): string;
}
interface RecordableMonitor {
  registerResource(
    request: RegisterResourceRequest,
    callback: (error: unknown, response: unknown) => void,
  ): unknown;
}

/** Wraps the mock monitor so each registration's dependencies and provider reference are kept. */
function recordRegistrations(): Map<string, Registration> {
  const registrations = new Map<string, Registration>();
  const monitor = getMonitor() as unknown as RecordableMonitor;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request, callback) => {
    registrations.set(`${request.getType()}::${request.getName()}`, {
      dependencies: request.getDependenciesList(),
      provider: request.getProvider(),
    });
    return register(request, callback);
  };
  return registrations;
}

/** Every plain (non-secret) string anywhere in a recorded input value. */
function plainStrings(value: unknown): string[] {
  if (isSecretInput(value)) return [];
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(plainStrings);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(plainStrings);
  return [];
}

describe("Grafana content in the dev stack (Pulumi mocks)", () => {
  let resources: RegisteredResource[];
  let registrations: Map<string, Registration>;
  let stack: ObservabilityStack;
  let grafanaReadyUrn: string;

  const ofType = (type: string): RegisteredResource[] =>
    resources.filter((resource) => resource.type === type);
  const registrationOf = (resource: RegisteredResource): Registration => {
    const registration = registrations.get(`${resource.type}::${resource.name}`);
    if (!registration) throw new Error(`${resource.name} was not registered`);
    return registration;
  };

  beforeAll(async () => {
    resources = await installPulumiMocks("dev", {
      target: "docker",
      xaiNodes: [{ name: "xai-node-1", address: "10.0.0.5:8000", network: "testnet" }],
    });
    registrations = recordRegistrations();
    const { settings, secrets } = loadStackSettings();
    stack = new ObservabilityStack("xai-observability", { settings, secrets });
    const grafana = stack.services.grafana;
    if (!grafana) throw new Error("no grafana service");
    grafanaReadyUrn = await outputValue(grafana.readyResource.urn);
    await settleStack(stack);
  });

  it("creates the provider, three datasources, the folder and three dashboards", () => {
    expect(ofType(PROVIDER)).toHaveLength(1);
    expect(ofType(DATASOURCE).map((resource) => resource.inputs.uid)).toEqual([
      DATASOURCE_UIDS.prometheus,
      DATASOURCE_UIDS.alertmanager,
      DATASOURCE_UIDS.loki,
    ]);
    expect(ofType(FOLDER).map((resource) => resource.inputs)).toEqual([{ ...XAI_FOLDER }]);
    const dashboards = ofType(DASHBOARD).map(
      (resource) => JSON.parse(String(resource.inputs.configJson)) as object,
    );
    expect(dashboards.map((model) => (model as { uid: string }).uid)).toEqual(Object.values(DASHBOARD_UIDS));
    for (const dashboard of ofType(DASHBOARD)) {
      expect(dashboard.inputs).toMatchObject({ folder: XAI_FOLDER.uid, overwrite: true });
    }
  });

  it("points the provider at Grafana's published URL with the admin credentials as a secret", () => {
    const [provider] = ofType(PROVIDER);
    expect(provider?.inputs.url).toBe("http://127.0.0.1:3000");
    expect(isSecretInput(provider?.inputs.auth)).toBe(true);
    expect(plainInput(provider?.inputs.auth)).toBe(`admin:${MOCK_PASSWORD}`);
  });

  it("waits for Grafana to be healthy before the provider and every object it manages", () => {
    const [provider] = ofType(PROVIDER);
    if (!provider) throw new Error("no provider");
    expect(registrationOf(provider).dependencies).toContain(grafanaReadyUrn);
    for (const resource of [...ofType(DATASOURCE), ...ofType(FOLDER), ...ofType(DASHBOARD)]) {
      const registration = registrationOf(resource);
      expect(registration.dependencies, resource.name).toContain(grafanaReadyUrn);
      expect(registration.provider, resource.name).toMatch(/^urn:pulumi:.*pulumi:providers:grafana::/);
    }
  });

  it("rotates the admin password before the provider logs in: the provider waits for the step", async () => {
    const [step] = ofType(ADMIN_PASSWORD_STEP);
    const [provider] = ofType(PROVIDER);
    if (!step || !provider) throw new Error("no rotation step or provider");
    // The step gets the password as a secret, and Grafana's URL and admin user in the clear.
    expect(isSecretInput(step.inputs.password)).toBe(true);
    expect(plainInput(step.inputs.password)).toBe(MOCK_PASSWORD);
    expect(step.inputs).toMatchObject({ url: "http://127.0.0.1:3000", user: "admin" });
    expect(registrationOf(step).dependencies).toContain(grafanaReadyUrn);
    const stepUrn = await outputValue(stack.grafanaContent.adminPassword.urn);
    expect(registrationOf(provider).dependencies).toContain(stepUrn);
    // Its serialized provider code carries the rotation call, and no credential.
    expect(String(step.inputs.__provider)).toContain("/api/user/password");
    expect(String(step.inputs.__provider)).not.toContain(MOCK_PASSWORD);
  });

  it("makes the dashboards wait for the datasources they name", async () => {
    const datasourceUrns = await Promise.all(
      Object.values(stack.grafanaContent.datasources).map((datasource) => outputValue(datasource.urn)),
    );
    for (const dashboard of ofType(DASHBOARD)) {
      expect(registrationOf(dashboard).dependencies).toEqual(expect.arrayContaining(datasourceUrns));
    }
  });

  it("configures the datasources with the services' in-network URLs", () => {
    const byUid = new Map(ofType(DATASOURCE).map((resource) => [resource.inputs.uid, resource.inputs]));
    expect(byUid.get(DATASOURCE_UIDS.prometheus)).toMatchObject({
      url: "http://prometheus:9090",
      isDefault: true,
      type: "prometheus",
    });
    expect(byUid.get(DATASOURCE_UIDS.alertmanager)).toMatchObject({ url: "http://alertmanager:9093" });
    expect(byUid.get(DATASOURCE_UIDS.loki)).toMatchObject({ url: "http://loki:3100" });
    const jsonData = JSON.parse(String(byUid.get(DATASOURCE_UIDS.prometheus)?.jsonDataEncoded)) as object;
    expect(jsonData).toMatchObject({
      httpMethod: "POST",
      timeInterval: "15s",
      alertmanagerUid: "xai-alertmanager",
    });
  });

  it("never passes the admin password in plain text", () => {
    const leaks = resources.filter((resource) =>
      plainStrings(resource.inputs).some((s) => s.includes(MOCK_PASSWORD)),
    );
    expect(leaks.map((resource) => `${resource.type} ${resource.name}`)).toEqual([]);
  });

  it("exports a URL per dashboard on Grafana's root URL", () => {
    expect(stack.dashboardUrls).toEqual({
      "xai-blockchain-overview": "http://127.0.0.1:3000/d/xai-blockchain-overview",
      "xai-node-health": "http://127.0.0.1:3000/d/xai-node-health",
      "xai-transaction-metrics": "http://127.0.0.1:3000/d/xai-transaction-metrics",
      "xai-slo": "http://127.0.0.1:3000/d/xai-slo",
      "xai-fleet-overview": "http://127.0.0.1:3000/d/xai-fleet-overview",
    });
  });
});
