import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildServiceSpecs } from "../../../components/catalog";
import {
  renderKubernetesManifests,
  type KubernetesManifest,
} from "../../../components/platform/kubernetesManifests";
import { SECRET_KEYS } from "../../../settings";
import { secretPlaceholder } from "../../../settings/stackFile";
import type { StackSettings } from "../../../settings";
import {
  prodKubernetesWith,
  prodSettings,
  renderedManifests,
  validateManifest,
} from "../../../harness/kubernetes";

/** The committed prod stack, and variants that switch on every optional object. */
const VARIANTS: Record<string, () => StackSettings> = {
  "Pulumi.prod.yaml": () => prodSettings(),
  "promtail, standalone cAdvisor, annotation discovery in every namespace": () =>
    prodSettings({
      logs: { enabled: true, shipper: "promtail" },
      ...prodKubernetesWith({
        cadvisor: "daemonset",
        storageClass: "fast-ssd",
        xaiPods: { namespaces: [], annotation: "xai.io/scrape" },
        prometheus: {
          replicaLabel: "prometheus_replica",
          remoteWrite: [{ name: "mimir", url: "https://mimir.example.org/api/v1/push" }],
        },
      }),
    }),
  "single replicas, no ingress hosts, no logs, no containers": () =>
    prodSettings({
      logs: { enabled: false, shipper: "alloy" },
      containers: { enabled: false },
      ...prodKubernetesWith({ replicas: { prometheus: 1, alertmanager: 1 }, ingress: { hosts: {} } }),
    }),
};

function byKind(manifests: Map<string, KubernetesManifest>, kind: string): KubernetesManifest[] {
  return [...manifests.values()].filter((manifest) => manifest.kind === kind);
}

describe("rendered Kubernetes manifests", () => {
  for (const [variant, settings] of Object.entries(VARIANTS)) {
    it(`all pass the Kubernetes OpenAPI schema: ${variant}`, () => {
      const manifests = renderedManifests(settings());
      expect(manifests.size).toBeGreaterThan(20);
      for (const [file, manifest] of manifests) {
        expect(() => {
          validateManifest(manifest);
        }, file).not.toThrow();
      }
    });
  }

  it("the schema validator rejects a malformed manifest (so the checks above can fail)", () => {
    const statefulSet = renderedManifests(prodSettings()).get("statefulset-prometheus.yaml");
    expect(statefulSet).toBeDefined();
    const broken = structuredClone(statefulSet) as unknown as { spec: { replicas: unknown } };
    broken.spec.replicas = "two";
    expect(() => {
      validateManifest(broken as unknown as KubernetesManifest);
    }).toThrow(/replicas/);
    const noImage = structuredClone(statefulSet) as unknown as {
      spec: { template: { spec: { containers: { ports: { containerPort: unknown }[] }[] } } };
    };
    const firstPort = noImage.spec.template.spec.containers[0]?.ports[0];
    if (firstPort) firstPort.containerPort = "http";
    expect(() => {
      validateManifest(noImage as unknown as KubernetesManifest);
    }).toThrow(/containerPort/);
  });

  it("writes one <kind>-<name>.yaml per object, named after the object", () => {
    const settings = prodSettings();
    const files = renderKubernetesManifests(settings, buildServiceSpecs(settings));
    for (const file of files) {
      const manifest = parse(file.content) as KubernetesManifest;
      expect(
        file.relativePath.startsWith(`${manifest.kind.toLowerCase()}-${manifest.metadata?.name ?? ""}`),
      ).toBe(true);
      // Plain YAML: no anchors or aliases that other tools might not expand.
      expect(file.content).not.toMatch(/(^|\s)[&*][a-z]+\d+\b/);
    }
    expect(new Set(files.map((file) => file.relativePath)).size).toBe(files.length);
  });

  it("puts every namespaced object in the stack namespace, except discovery Roles in the XAI namespaces", () => {
    const settings = prodSettings();
    for (const manifest of renderedManifests(settings).values()) {
      if (["Namespace", "ClusterRole", "ClusterRoleBinding"].includes(manifest.kind)) {
        expect(manifest.metadata?.namespace).toBeUndefined();
      } else if (manifest.metadata?.namespace !== settings.kubernetes.namespace) {
        expect(["Role", "RoleBinding"]).toContain(manifest.kind);
        expect(settings.kubernetes.xaiPods.namespaces).toContain(manifest.metadata?.namespace);
      }
    }
  });

  it("labels every object with the standard app.kubernetes.io labels", () => {
    for (const manifest of renderedManifests(prodSettings()).values()) {
      const labels = manifest.metadata?.labels ?? {};
      expect(labels["app.kubernetes.io/part-of"]).toBe("xai-observability");
      expect(labels["app.kubernetes.io/managed-by"]).toBe("pulumi");
    }
  });

  it("never renders a secret value: Secrets hold the placeholder naming their config key", () => {
    const secrets = byKind(renderedManifests(prodSettings()), "Secret");
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      if (secret.kind !== "Secret") continue;
      expect(secret.data).toBeUndefined();
      for (const [key, value] of Object.entries(secret.stringData ?? {})) {
        expect(Object.keys(SECRET_KEYS)).toContain(key);
        expect(value).toBe(secretPlaceholder(key));
      }
    }
  });

  it("gives Prometheus 2 replicas with a PVC of the configured size and class, and the retention flags", () => {
    const settings = prodSettings(prodKubernetesWith({ storageClass: "fast-ssd" }));
    const statefulSet = renderedManifests(settings).get("statefulset-prometheus.yaml");
    if (statefulSet?.kind !== "StatefulSet") throw new Error("no Prometheus StatefulSet");
    expect(statefulSet.spec?.replicas).toBe(2);
    const claim = statefulSet.spec?.volumeClaimTemplates?.[0];
    expect(claim?.spec?.resources?.requests?.storage).toBe(settings.kubernetes.storage.prometheus);
    expect(claim?.spec?.storageClassName).toBe("fast-ssd");
    const args = statefulSet.spec?.template.spec?.containers[0]?.args ?? [];
    expect(args).toContain("--storage.tsdb.retention.time=30d");
    expect(args).toContain(`--storage.tsdb.retention.size=${settings.retention.prometheusSize ?? ""}`);
    const env = statefulSet.spec?.template.spec?.containers[0]?.env ?? [];
    expect(env).toContainEqual({ name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } });
  });

  it("clusters 3 Alertmanager replicas over the headless Service, replacing the single-node flag", () => {
    const settings = prodSettings();
    const manifests = renderedManifests(settings);
    const statefulSet = manifests.get("statefulset-alertmanager.yaml");
    const headless = manifests.get("service-alertmanager-headless.yaml");
    if (statefulSet?.kind !== "StatefulSet" || headless?.kind !== "Service")
      throw new Error("missing objects");
    expect(statefulSet.spec?.replicas).toBe(3);
    expect(statefulSet.spec?.serviceName).toBe("alertmanager-headless");
    expect(headless.spec?.clusterIP).toBe("None");
    expect(headless.spec?.publishNotReadyAddresses).toBe(true);
    const args = statefulSet.spec?.template.spec?.containers[0]?.args ?? [];
    expect(args).not.toContain("--cluster.listen-address=");
    expect(args).toContain("--cluster.listen-address=0.0.0.0:9094");
    const peers = args.filter((arg) => arg.startsWith("--cluster.peer="));
    expect(peers).toEqual(
      [0, 1, 2].map(
        (index) => `--cluster.peer=alertmanager-${index}.alertmanager-headless.xai-observability.svc:9094`,
      ),
    );
    expect(statefulSet.spec?.volumeClaimTemplates?.[0]?.spec?.resources?.requests?.storage).toBe("1Gi");
  });

  it("runs Grafana as a Deployment on its own PVC, recreated rather than rolled", () => {
    const manifests = renderedManifests(prodSettings());
    const deployment = manifests.get("deployment-grafana.yaml");
    const claim = manifests.get("persistentvolumeclaim-grafana-data.yaml");
    if (deployment?.kind !== "Deployment" || claim?.kind !== "PersistentVolumeClaim")
      throw new Error("missing");
    expect(deployment.spec?.strategy?.type).toBe("Recreate");
    expect(deployment.spec?.template.spec?.volumes).toContainEqual({
      name: "grafana-data",
      persistentVolumeClaim: { claimName: "grafana-data" },
    });
    expect(claim.spec?.resources?.requests?.storage).toBe("5Gi");
  });

  it("publishes each UI that has a host, with the TLS secret and the configured annotations", () => {
    const hosts = {
      grafana: "grafana.example.org",
      prometheus: "prometheus.example.org",
      alertmanager: "alertmanager.example.org",
    };
    const annotations = { "nginx.ingress.kubernetes.io/auth-type": "basic" };
    const settings = prodSettings(
      prodKubernetesWith({
        ingress: { className: "nginx", tlsSecretName: "obs-tls", hosts, annotations },
      }),
    );
    const ingresses = byKind(renderedManifests(settings), "Ingress");
    expect(ingresses.map((ingress) => ingress.metadata?.name).sort()).toEqual([
      "alertmanager",
      "grafana",
      "prometheus",
    ]);
    for (const ingress of ingresses) {
      if (ingress.kind !== "Ingress") continue;
      const host = hosts[ingress.metadata?.name as keyof typeof hosts];
      expect(ingress.spec?.rules?.[0]?.host).toBe(host);
      expect(ingress.spec?.tls).toEqual([{ hosts: [host], secretName: "obs-tls" }]);
      expect(ingress.spec?.ingressClassName).toBe("nginx");
      expect(ingress.metadata?.annotations).toEqual(annotations);
    }
    const onlyGrafana = byKind(renderedManifests(prodSettings()), "Ingress");
    expect(onlyGrafana.map((ingress) => ingress.metadata?.name)).toEqual(["grafana"]);
  });

  it("rolls pods when a config file changes: the checksum annotation follows the content", () => {
    const checksum = (settings: StackSettings): string | undefined => {
      const statefulSet = renderedManifests(settings).get("statefulset-prometheus.yaml");
      if (statefulSet?.kind !== "StatefulSet") throw new Error("no StatefulSet");
      return statefulSet.spec?.template.metadata?.annotations?.["checksum/config"];
    };
    const before = checksum(prodSettings());
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum(prodSettings())).toBe(before);
    expect(checksum(prodSettings({ scrapeInterval: "30s" }))).not.toBe(before);
  });

  it("renders the Namespace by default, and none when kubernetes.createNamespace is false", () => {
    expect(renderedManifests(prodSettings()).get("namespace-xai-observability.yaml")?.kind).toBe("Namespace");
    const existing = prodSettings(prodKubernetesWith({ namespace: "monitoring", createNamespace: false }));
    const manifests = renderedManifests(existing);
    expect(byKind(manifests, "Namespace")).toEqual([]);
    // Everything else still lands in the existing namespace, default-deny policy included.
    expect(manifests.get("networkpolicy-default-deny-ingress.yaml")?.metadata?.namespace).toBe("monitoring");
    expect(manifests.get("deployment-grafana.yaml")?.metadata?.namespace).toBe("monitoring");
    expect(() => prodSettings(prodKubernetesWith({ createNamespace: "no" }))).toThrow(
      /kubernetes\.createNamespace: expected true or false/,
    );
  });

  it("runs the standalone cAdvisor only when settings ask for the DaemonSet", () => {
    expect(renderedManifests(prodSettings()).has("daemonset-cadvisor.yaml")).toBe(false);
    const daemonset = prodSettings(prodKubernetesWith({ cadvisor: "daemonset" }));
    const cadvisor = renderedManifests(daemonset).get("daemonset-cadvisor.yaml");
    if (cadvisor?.kind !== "DaemonSet") throw new Error("no cAdvisor DaemonSet");
    // Kubernetes nodes run containerd, not Docker.
    const args = cadvisor.spec?.template.spec?.containers[0]?.args ?? [];
    expect(args).toContain("--docker_only=false");
    expect(args).toContain("--containerd=/var/run/containerd/containerd.sock");
  });
});
