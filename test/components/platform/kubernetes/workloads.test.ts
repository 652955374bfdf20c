import { describe, expect, it } from "vitest";
import { SPEC_BUILDERS } from "../../../../components/catalog";
import {
  configMap,
  persistentVolumeClaims,
  podDisruptionBudget,
  secret,
  services,
  workload,
  workloadManifests,
} from "../../../../components/platform/kubernetes/workloads";
import type { ServiceSpec } from "../../../../components/service";
import type { ServiceName, StackSettings } from "../../../../settings";
import { secretPlaceholder } from "../../../../settings/stackFile";
import { prodKubernetesWith, prodSettings } from "../../../../harness/kubernetes";

const settings = prodSettings();
const specOf = (name: ServiceName, stackSettings: StackSettings = settings): ServiceSpec =>
  SPEC_BUILDERS[name](stackSettings);

describe("configMap and secret", () => {
  it("holds every config file under its ConfigMap key, and renders none for a service without config", () => {
    const [loki] = configMap(settings, specOf("loki"));
    expect(loki?.metadata?.name).toBe("loki-config");
    expect(Object.keys(loki?.data ?? {})).toEqual(["etc_loki_loki.yaml"]);
    expect(loki?.data?.["etc_loki_loki.yaml"]).toBe(specOf("loki").configFiles[0]?.content);
    expect(configMap(settings, specOf("grafana"))).toEqual([]);
  });

  it("holds one placeholder per secret key the service reads, once each, never a value", () => {
    const grafana = specOf("grafana");
    const twice = { ...grafana, secretFiles: [...grafana.secretFiles, ...grafana.secretFiles] };
    expect(secret(settings, twice)[0]?.stringData).toEqual({
      grafanaAdminPassword: secretPlaceholder("grafanaAdminPassword"),
      grafanaSecretKey: secretPlaceholder("grafanaSecretKey"),
    });
    expect(secret(settings, specOf("loki"))).toEqual([]);
  });
});

describe("workload", () => {
  it("picks the kind from the spec: StatefulSet with volumes, Deployment when interchangeable, DaemonSet per host", () => {
    expect(workload(settings, specOf("prometheus")).kind).toBe("StatefulSet");
    expect(workload(settings, specOf("grafana")).kind).toBe("Deployment");
    expect(workload(settings, specOf("node-exporter")).kind).toBe("DaemonSet");
  });

  it("runs the replicas settings ask for, started together, each keeping its own claim", () => {
    const statefulSet = workload(settings, specOf("alertmanager"));
    if (statefulSet.kind !== "StatefulSet") throw new Error(statefulSet.kind);
    expect(statefulSet.spec?.replicas).toBe(3);
    expect(statefulSet.spec?.podManagementPolicy).toBe("Parallel");
    expect(statefulSet.spec?.serviceName).toBe("alertmanager-headless");
    expect(statefulSet.spec?.volumeClaimTemplates?.map((claim) => claim.spec?.resources?.requests)).toEqual([
      { storage: "1Gi" },
    ]);
    const fewer = prodSettings(prodKubernetesWith({ replicas: { prometheus: 2, alertmanager: 2 } }));
    const two = workload(fewer, specOf("alertmanager", fewer));
    expect(two.kind === "StatefulSet" && two.spec?.replicas).toBe(2);
  });

  it("recreates a Deployment on a ReadWriteOnce volume, and rolls one without", () => {
    const grafana = specOf("grafana");
    const onVolume = workload(settings, grafana);
    const stateless = workload(settings, { ...grafana, volumes: [] });
    expect(onVolume.kind === "Deployment" && onVolume.spec?.strategy).toEqual({ type: "Recreate" });
    expect(stateless.kind === "Deployment" && stateless.spec?.strategy).toEqual({ type: "RollingUpdate" });
  });
});

describe("persistentVolumeClaims", () => {
  it("claims a Deployment's volume at the size settings give; several volumes at the spec's sizes", () => {
    expect(persistentVolumeClaims(settings, specOf("grafana")).map((claim) => claim.spec?.resources)).toEqual(
      [{ requests: { storage: "5Gi" } }],
    );
    const withClass = prodSettings(prodKubernetesWith({ storageClass: "fast-ssd" }));
    const grafana = specOf("grafana", withClass);
    // Docker-style byte sizes become Kubernetes quantities.
    const twoVolumes = {
      ...grafana,
      volumes: [
        { name: "grafana-data", mountPath: "/var/lib/grafana", size: "20GB" },
        { name: "grafana-plugins", mountPath: "/var/lib/grafana-plugins", size: "2Gi" },
      ],
    };
    expect(persistentVolumeClaims(withClass, twoVolumes).map((claim) => claim.spec)).toEqual([
      {
        accessModes: ["ReadWriteOnce"],
        storageClassName: "fast-ssd",
        resources: { requests: { storage: "20G" } },
      },
      {
        accessModes: ["ReadWriteOnce"],
        storageClassName: "fast-ssd",
        resources: { requests: { storage: "2Gi" } },
      },
    ]);
  });

  it("leaves StatefulSet volumes to the claim templates", () => {
    expect(persistentVolumeClaims(settings, specOf("prometheus"))).toEqual([]);
  });
});

describe("services", () => {
  it("gives a clustered StatefulSet a headless Service that publishes peers before they are ready", () => {
    const [clusterIp, headless] = services(settings, specOf("alertmanager"));
    expect(clusterIp?.spec?.type).toBe("ClusterIP");
    expect(headless?.metadata?.name).toBe("alertmanager-headless");
    expect(headless?.spec?.clusterIP).toBe("None");
    expect(headless?.spec?.publishNotReadyAddresses).toBe(true);
    expect(headless?.spec?.ports?.map((port) => `${port.name}:${port.port}/${port.protocol}`)).toEqual([
      "http:9093/TCP",
      "mesh-tcp:9094/TCP",
      "mesh-udp:9094/UDP",
    ]);
    const [, prometheusHeadless] = services(settings, specOf("prometheus"));
    expect(prometheusHeadless?.spec?.publishNotReadyAddresses).toBe(false);
  });

  it("renders no Service for a service without ports, and no headless one for a Deployment", () => {
    expect(services(settings, { ...specOf("grafana"), ports: [] })).toEqual([]);
    expect(services(settings, specOf("grafana")).map((service) => service.metadata?.name)).toEqual([
      "grafana",
    ]);
  });
});

describe("podDisruptionBudget", () => {
  it("lets a drain take down one replica of an HA set at a time, and guards nothing else", () => {
    expect(podDisruptionBudget(settings, specOf("prometheus"))[0]?.spec).toEqual({
      maxUnavailable: 1,
      selector: {
        matchLabels: {
          "app.kubernetes.io/name": "prometheus",
          "app.kubernetes.io/part-of": "xai-observability",
        },
      },
    });
    expect(podDisruptionBudget(settings, specOf("grafana"))).toEqual([]);
    expect(podDisruptionBudget(settings, specOf("node-exporter"))).toEqual([]);
  });
});

describe("workloadManifests", () => {
  it("lists config, secret, claims, Services, the workload and its budget, in that order", () => {
    const kinds = (spec: ServiceSpec): (string | undefined)[] =>
      workloadManifests(settings, spec).map((manifest) => manifest.kind);
    expect(kinds(specOf("grafana"))).toEqual(["Secret", "PersistentVolumeClaim", "Service", "Deployment"]);
    expect(kinds(specOf("prometheus"))).toEqual([
      "ConfigMap",
      "Service",
      "Service",
      "StatefulSet",
      "PodDisruptionBudget",
    ]);
  });
});
