import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { grafanaSpec } from "../../../components/grafana/spec";
import { KubernetesPlatform, withSecretChecksum } from "../../../components/platform/kubernetes";
import type { WorkloadManifest } from "../../../components/platform/kubernetes/model";
import {
  SECRET_CHECKSUM_ANNOTATION,
  SECRET_CHECKSUM_PLACEHOLDER,
} from "../../../components/platform/kubernetes/pod";
import { loadStackSettings } from "../../../settings/pulumi";
import { readStackConfig } from "../../../settings/stackFile";
import type { ObservabilityStack } from "../../../components/stack";
import { prodKubernetesWith, prodSettings, renderedManifests, REPO_ROOT } from "../../../harness/kubernetes";
import {
  deployMocked,
  installPulumiMocks,
  isSecretInput,
  outputValue,
  plainInput,
  type MockedStack,
  type RegisteredResource,
} from "../../../harness/pulumiMocks";

const TYPES = {
  statefulSet: "kubernetes:apps/v1:StatefulSet",
  deployment: "kubernetes:apps/v1:Deployment",
  daemonSet: "kubernetes:apps/v1:DaemonSet",
  pvc: "kubernetes:core/v1:PersistentVolumeClaim",
  secret: "kubernetes:core/v1:Secret",
  configMap: "kubernetes:core/v1:ConfigMap",
  namespace: "kubernetes:core/v1:Namespace",
  networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
  ingress: "kubernetes:networking.k8s.io/v1:Ingress",
  pdb: "kubernetes:policy/v1:PodDisruptionBudget",
  role: "kubernetes:rbac.authorization.k8s.io/v1:Role",
  clusterRole: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
} as const;

const ADMIN_PASSWORD = "prod-admin-password-under-test";
const SECRET_KEY = "prod-grafana-secret-key-under-test";

interface WorkloadInputs {
  metadata: { name: string; namespace: string };
  spec: {
    replicas?: number;
    serviceName?: string;
    volumeClaimTemplates?: {
      metadata: { name: string };
      spec: { resources: { requests: { storage: string } } };
    }[];
    template: {
      spec: {
        containers: { args: string[]; env: { name: string; value?: string }[] }[];
        volumes: { name: string; persistentVolumeClaim?: { claimName: string } }[];
      };
    };
  };
}

/** Pulumi.prod.yaml with the Grafana secrets set and top-level keys replaced by `overrides`, deployed under mocks. */
function deployProd(stackName: string, overrides: Record<string, unknown> = {}): Promise<MockedStack> {
  const prod = readStackConfig(REPO_ROOT, "prod");
  return deployMocked(
    stackName,
    { ...prod.values, grafanaAdminPassword: ADMIN_PASSWORD, grafanaSecretKey: SECRET_KEY, ...overrides },
    { secretKeys: ["grafanaAdminPassword", "grafanaSecretKey"] },
  );
}

/** The inputs with every secret-marked value blanked out. */
function withoutSecrets(value: unknown): unknown {
  if (isSecretInput(value)) return "[secret]";
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, withoutSecrets(inner)]));
  }
  return value;
}

/** The inputs with the pod template's secret checksum (a keyed digest) back to render's placeholder. */
function withSecretChecksumPlaceholder(inputs: Record<string, unknown>): Record<string, unknown> {
  const template = (
    inputs.spec as { template?: { metadata?: { annotations?: Record<string, unknown> } } } | undefined
  )?.template;
  const annotations = template?.metadata?.annotations;
  if (annotations === undefined || !(SECRET_CHECKSUM_ANNOTATION in annotations)) return inputs;
  expect(annotations[SECRET_CHECKSUM_ANNOTATION]).toMatch(/^[0-9a-f]{64}$/);
  return withSecretChecksum(
    inputs as unknown as WorkloadManifest,
    SECRET_CHECKSUM_PLACEHOLDER,
  ) as unknown as Record<string, unknown>;
}

function ofType(resources: readonly RegisteredResource[], type: string): RegisteredResource[] {
  return resources.filter((resource) => resource.type === type);
}

function named(resources: readonly RegisteredResource[], type: string, name: string): RegisteredResource {
  const found = ofType(resources, type).find((resource) => resource.name === name);
  if (found === undefined) throw new Error(`no ${type} named ${name}`);
  return found;
}

function workload(resources: readonly RegisteredResource[], type: string, name: string): WorkloadInputs {
  return named(resources, type, name).inputs as unknown as WorkloadInputs;
}

describe("prod stack on Kubernetes (Pulumi.prod.yaml, mocked engine)", () => {
  let resources: RegisteredResource[];
  let stack: ObservabilityStack;

  beforeAll(async () => {
    ({ resources, stack } = await deployProd("prod"));
  });

  it("creates the namespace and runs Prometheus as an HA pair on PVCs", () => {
    expect(named(resources, TYPES.namespace, "namespace-xai-observability").inputs).toMatchObject({
      metadata: { name: "xai-observability" },
    });
    const prometheus = workload(resources, TYPES.statefulSet, "statefulset-prometheus");
    expect(prometheus.spec.replicas).toBe(2);
    expect(prometheus.spec.volumeClaimTemplates?.[0]?.spec.resources.requests.storage).toBe("50Gi");
  });

  it("clusters 3 Alertmanager replicas through the headless Service, each on its own PVC", () => {
    const alertmanager = workload(resources, TYPES.statefulSet, "statefulset-alertmanager");
    expect(alertmanager.spec.replicas).toBe(3);
    expect(alertmanager.spec.serviceName).toBe("alertmanager-headless");
    expect(alertmanager.spec.volumeClaimTemplates).toHaveLength(1);
    const args = alertmanager.spec.template.spec.containers[0]?.args ?? [];
    expect(args.filter((arg) => arg.startsWith("--cluster.peer="))).toHaveLength(3);
  });

  it("runs Grafana as a Deployment on a PVC and Loki as a StatefulSet on a PVC", () => {
    const grafana = workload(resources, TYPES.deployment, "deployment-grafana");
    expect(grafana.spec.template.spec.volumes).toContainEqual({
      name: "grafana-data",
      persistentVolumeClaim: { claimName: "grafana-data" },
    });
    expect(named(resources, TYPES.pvc, "persistentvolumeclaim-grafana-data").inputs).toMatchObject({
      spec: { resources: { requests: { storage: "5Gi" } } },
    });
    const loki = workload(resources, TYPES.statefulSet, "statefulset-loki");
    expect(loki.spec.volumeClaimTemplates?.[0]?.spec.resources.requests.storage).toBe("50Gi");
  });

  it("runs node-exporter and the log shipper on every node", () => {
    expect(
      ofType(resources, TYPES.daemonSet)
        .map((resource) => resource.name)
        .sort(),
    ).toEqual(["daemonset-alloy", "daemonset-node-exporter"]);
  });

  it("protects the replicated workloads with PodDisruptionBudgets", () => {
    expect(
      ofType(resources, TYPES.pdb)
        .map((resource) => resource.name)
        .sort(),
    ).toEqual(["poddisruptionbudget-alertmanager", "poddisruptionbudget-prometheus"]);
  });

  it("isolates the namespace with a default deny and one allow policy per service", () => {
    const names = ofType(resources, TYPES.networkPolicy).map((resource) => resource.name);
    expect(names).toContain("networkpolicy-default-deny-ingress");
    for (const service of Object.keys(stack.services))
      expect(names).toContain(`networkpolicy-${service}-allow`);
  });

  it("grants discovery read-only (get/list/watch) on pods and nodes, nothing else", () => {
    const roles = [...ofType(resources, TYPES.role), ...ofType(resources, TYPES.clusterRole)];
    expect(roles.length).toBeGreaterThan(0);
    const granted = new Set<string>();
    for (const role of roles) {
      const rules = role.inputs.rules as { apiGroups: string[]; resources: string[]; verbs: string[] }[];
      for (const rule of rules) {
        expect(rule.apiGroups).toEqual([""]);
        for (const verb of rule.verbs) expect(["get", "list", "watch"]).toContain(verb);
        for (const resource of rule.resources) granted.add(resource);
      }
    }
    expect([...granted].sort()).toEqual(["nodes", "nodes/metrics", "pods"]);
  });

  it("publishes Grafana on its host and outputs its https URL; unpublished UIs stay in-cluster", async () => {
    const hosts = ofType(resources, TYPES.ingress).map(
      (resource) => (resource.inputs.spec as { rules: { host: string }[] }).rules[0]?.host,
    );
    expect(hosts).toEqual(["grafana.xai.example.org"]);
    expect(await outputValue(stack.grafanaUrl)).toBe("https://grafana.xai.example.org");
    expect(await outputValue(stack.prometheusUrl)).toBe("http://prometheus.xai-observability.svc:9090");
    expect(await outputValue(stack.alertmanagerUrl)).toBe("http://alertmanager.xai-observability.svc:9093");
  });

  it("points the Grafana provider at the URL from settings, reachable from outside the cluster", () => {
    const provider = resources.find((resource) => resource.type === "pulumi:providers:grafana");
    expect(provider?.inputs.url).toBe("https://grafana.xai.example.org");
  });

  it("delivers the Grafana admin password and secret key only as secret inputs of a Secret", () => {
    const secret = named(resources, TYPES.secret, "secret-grafana-secrets");
    const stringData = secret.inputs.stringData;
    expect(isSecretInput(stringData)).toBe(true);
    expect(plainInput(stringData)).toEqual({
      grafanaAdminPassword: ADMIN_PASSWORD,
      grafanaSecretKey: SECRET_KEY,
    });
    const env = workload(resources, TYPES.deployment, "deployment-grafana").spec.template.spec.containers[0]
      ?.env;
    expect(env).toContainEqual({
      name: "GF_SECURITY_SECRET_KEY__FILE",
      value: "/run/secrets/grafana-secret-key",
    });
    // Anywhere else (e.g. the Grafana provider's auth) they may only travel as secrets.
    for (const resource of resources) {
      const plain = JSON.stringify(withoutSecrets(resource.inputs));
      expect(plain, resource.name).not.toContain(ADMIN_PASSWORD);
      expect(plain, resource.name).not.toContain(SECRET_KEY);
    }
  });

  it("applies exactly the manifests `render` writes (one code path), secrets aside", () => {
    const rendered = renderedManifests(prodSettings());
    const applied = resources.filter((resource) => resource.type.startsWith("kubernetes:"));
    expect(applied.map((resource) => `${resource.name}.yaml`).sort()).toEqual([...rendered.keys()].sort());
    for (const resource of applied) {
      const manifest = rendered.get(`${resource.name}.yaml`);
      const inputs = withoutSecrets(resource.inputs) as Record<string, unknown>;
      if (resource.type === TYPES.secret) {
        expect(inputs.stringData, resource.name).toBe("[secret]");
        expect({ ...inputs, stringData: undefined }).toEqual({ ...manifest, stringData: undefined });
      } else {
        expect(withSecretChecksumPlaceholder(inputs), resource.name).toEqual(manifest);
      }
    }
  });

  it("keeps the configs in ConfigMaps mounted by the workloads", () => {
    const configMaps = ofType(resources, TYPES.configMap).map((resource) => resource.name);
    expect(configMaps).toEqual(
      expect.arrayContaining(["configmap-prometheus-config", "configmap-alertmanager-config"]),
    );
  });
});

describe("prod stack into a namespace that already exists (kubernetes.createNamespace: false)", () => {
  let resources: RegisteredResource[];
  let settingsUsed: ReturnType<typeof prodSettings>;

  beforeAll(async () => {
    // Its own stack name, so its URNs never meet the resources the stack above may still be registering.
    ({ resources, settings: settingsUsed } = await deployProd(
      "prod-existing-namespace",
      prodKubernetesWith({ createNamespace: false }),
    ));
  });

  it("creates no Namespace but deploys everything else into the existing one", () => {
    expect(ofType(resources, TYPES.namespace)).toEqual([]);
    const policy = named(resources, TYPES.networkPolicy, "networkpolicy-default-deny-ingress");
    expect(policy.inputs).toMatchObject({ metadata: { namespace: "xai-observability" } });
    expect(workload(resources, TYPES.deployment, "deployment-grafana").metadata.namespace).toBe(
      "xai-observability",
    );
  });

  it("applies exactly the manifests `render` writes for the same settings", () => {
    const applied = resources.filter((resource) => resource.type.startsWith("kubernetes:"));
    const rendered = renderedManifests(settingsUsed);
    expect(applied.map((resource) => `${resource.name}.yaml`).sort()).toEqual([...rendered.keys()].sort());
  });
});

describe("KubernetesPlatform without a required secret", () => {
  it("fails with the key and the command that sets it", async () => {
    const prod = readStackConfig(REPO_ROOT, "prod");
    await installPulumiMocks("prod", prod.values);
    const { settings } = loadStackSettings();
    const platform = new KubernetesPlatform("kubernetes", { settings, secrets: {} });
    const parent = new pulumi.ComponentResource("test:index:Parent", "parent");
    expect(() => platform.deploy(grafanaSpec(settings), parent)).toThrow(
      /grafanaAdminPassword: grafana needs this secret.*pulumi config set --secret grafanaAdminPassword/,
    );
  });
});
