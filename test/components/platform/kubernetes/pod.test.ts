import type { IContainer } from "kubernetes-models/v1/Container";
import { describe, expect, it } from "vitest";
import { SPEC_BUILDERS } from "../../../../components/catalog";
import {
  configChecksum,
  configKey,
  podTemplate,
  probes,
  resourceRequirements,
  SECRET_CHECKSUM_ANNOTATION,
  SECRET_CHECKSUM_PLACEHOLDER,
} from "../../../../components/platform/kubernetes/pod";
import type { ServiceSpec } from "../../../../components/service";
import type { ServiceName } from "../../../../settings";
import { prodKubernetesWith, prodSettings } from "../../../../harness/kubernetes";

const settings = prodSettings();
const specOf = (name: ServiceName): ServiceSpec => SPEC_BUILDERS[name](settings);

function containerOf(spec: ServiceSpec, stackSettings = settings): IContainer {
  const container = podTemplate(stackSettings, spec).spec?.containers[0];
  if (container === undefined) throw new Error(`no container for ${spec.name}`);
  return container;
}

describe("configKey", () => {
  it("turns a container path into a ConfigMap key of allowed characters", () => {
    expect(configKey("/etc/prometheus/rules/host.yml")).toBe("etc_prometheus_rules_host.yml");
    expect(configKey("/etc/x y+z.conf")).toBe("etc_x_y_z.conf");
  });
});

describe("configChecksum", () => {
  const prometheus = specOf("prometheus");

  it("follows config content and the set of secret files, and nothing else", () => {
    const [first, ...rest] = prometheus.configFiles;
    if (first === undefined) throw new Error("prometheus has no config files");
    const edited = { ...prometheus, configFiles: [{ ...first, content: `${first.content}\n` }, ...rest] };
    const withSecret = {
      ...prometheus,
      secretFiles: [{ path: "/run/secrets/token", secret: "grafanaSecretKey" as const }],
    };
    const otherArgs = { ...prometheus, args: [...prometheus.args, "--log.level=debug"] };
    expect(configChecksum(edited)).not.toBe(configChecksum(prometheus));
    expect(configChecksum(withSecret)).not.toBe(configChecksum(prometheus));
    expect(configChecksum(otherArgs)).toBe(configChecksum(prometheus));
  });
});

describe("resourceRequirements", () => {
  it("requests all the memory it may use and half the CPU limit, in hand-written units", () => {
    expect(
      resourceRequirements({ ...specOf("prometheus"), resources: { memoryBytes: 4 * 2 ** 30, cpus: 2 } }),
    ).toEqual({
      requests: { memory: "4Gi", cpu: "1000m" },
      limits: { memory: "4Gi", cpu: "2000m" },
    });
    expect(
      resourceRequirements({
        ...specOf("prometheus"),
        resources: { memoryBytes: 300 * 2 ** 20, cpus: 0.001 },
      }),
    ).toEqual({ requests: { memory: "300Mi", cpu: "10m" }, limits: { memory: "300Mi", cpu: "10m" } });
  });
});

describe("probes", () => {
  it("probe the spec's health endpoint by port name; liveness tolerates twice readiness' failures", () => {
    const loki = specOf("loki");
    const { startupProbe, readinessProbe, livenessProbe } = probes(loki);
    for (const probe of [startupProbe, readinessProbe, livenessProbe]) {
      expect(probe?.httpGet).toEqual({ path: "/ready", port: "http", scheme: "HTTP" });
      expect(probe?.periodSeconds).toBe(loki.healthCheck.intervalSeconds);
      expect(probe?.timeoutSeconds).toBe(loki.healthCheck.timeoutSeconds);
    }
    expect(readinessProbe?.failureThreshold).toBe(8);
    expect(livenessProbe?.failureThreshold).toBe(16);
    // Ten minutes of start-up at one probe per 15s before liveness applies.
    expect(startupProbe?.failureThreshold).toBe(40);
  });

  it("use the port number when the health port is not a named port, and keep the timeout within the period", () => {
    const spec = specOf("prometheus");
    const odd = {
      ...spec,
      healthCheck: {
        ...spec.healthCheck,
        http: { port: 8080, path: "/healthy" },
        intervalSeconds: 2,
        timeoutSeconds: 9,
      },
    };
    const { readinessProbe, startupProbe } = probes(odd);
    expect(readinessProbe?.httpGet?.port).toBe(8080);
    expect(readinessProbe?.timeoutSeconds).toBe(2);
    expect(startupProbe?.failureThreshold).toBe(300);
  });
});

describe("podTemplate", () => {
  it("locks the container down: non-root, no privilege escalation, every capability dropped", () => {
    const template = podTemplate(settings, specOf("prometheus"));
    expect(template.spec?.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 65534,
      runAsGroup: 65534,
      fsGroup: 65534,
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(containerOf(specOf("prometheus")).securityContext).toEqual({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    });
  });

  it("runs a uid-0 service as root only with its reason recorded, and adds back only declared capabilities", () => {
    const alloy = specOf("alloy");
    const template = podTemplate(settings, {
      ...alloy,
      security: { ...alloy.security, addCapabilities: ["DAC_READ_SEARCH"] },
    });
    expect(template.spec?.securityContext?.runAsNonRoot).toBe(false);
    expect(template.spec?.containers[0]?.securityContext?.capabilities).toEqual({
      drop: ["ALL"],
      add: ["DAC_READ_SEARCH"],
    });
    expect(template.metadata?.annotations?.["xai.io/host-access"]).toContain(alloy.security.hostAccessReason);
    expect(podTemplate(settings, specOf("prometheus")).metadata?.annotations).not.toHaveProperty(
      "xai.io/host-access",
    );
  });

  it("mounts each config file read-only from the ConfigMap and each secret from the Secret (0440)", () => {
    const loki = containerOf(specOf("loki"));
    expect(loki.volumeMounts).toContainEqual({
      name: "config",
      mountPath: "/etc/loki/loki.yaml",
      subPath: "etc_loki_loki.yaml",
      readOnly: true,
    });
    const grafana = podTemplate(settings, specOf("grafana")).spec;
    expect(grafana?.volumes).toContainEqual({
      name: "secrets",
      secret: { secretName: "grafana-secrets", defaultMode: 0o440 },
    });
    expect(grafana?.containers[0]?.volumeMounts).toContainEqual({
      name: "secrets",
      mountPath: "/run/secrets/grafana-admin-password",
      subPath: "grafanaAdminPassword",
      readOnly: true,
    });
    expect(grafana?.volumes?.some((volume) => volume.name === "config")).toBe(false);
  });

  it("annotates the config checksum always, and the secret checksum only on pods that read secrets", () => {
    const grafana = podTemplate(settings, specOf("grafana")).metadata?.annotations;
    const loki = podTemplate(settings, specOf("loki")).metadata?.annotations;
    expect(grafana?.[SECRET_CHECKSUM_ANNOTATION]).toBe(SECRET_CHECKSUM_PLACEHOLDER);
    expect(loki).not.toHaveProperty(SECRET_CHECKSUM_ANNOTATION);
    expect(loki?.["checksum/config"]).toBe(configChecksum(specOf("loki")));
  });

  it("spreads the replicas of an HA service over hosts, and only when there is more than one", () => {
    const prometheus = specOf("prometheus");
    const spread = podTemplate(settings, prometheus).spec?.affinity?.podAntiAffinity;
    expect(spread?.preferredDuringSchedulingIgnoredDuringExecution?.[0]?.podAffinityTerm).toEqual({
      topologyKey: "kubernetes.io/hostname",
      labelSelector: {
        matchLabels: {
          "app.kubernetes.io/name": "prometheus",
          "app.kubernetes.io/part-of": "xai-observability",
        },
      },
    });
    const single = prodSettings(prodKubernetesWith({ replicas: { prometheus: 1, alertmanager: 1 } }));
    expect(podTemplate(single, SPEC_BUILDERS.prometheus(single)).spec?.affinity).toBeUndefined();
    expect(podTemplate(settings, specOf("node-exporter")).spec?.tolerations).toEqual([
      { operator: "Exists" },
    ]);
  });

  it("points each clustered replica at every peer, replacing the spec's own cluster flags", () => {
    const container = containerOf(specOf("alertmanager"));
    const clusterArgs = container.args?.filter((arg) => arg.startsWith("--cluster."));
    expect(clusterArgs).toEqual([
      "--cluster.listen-address=0.0.0.0:9094",
      "--cluster.advertise-address=$(POD_IP):9094",
      ...[0, 1, 2].map(
        (index) => `--cluster.peer=alertmanager-${index}.alertmanager-headless.xai-observability.svc:9094`,
      ),
    ]);
    expect(container.env).toContainEqual({
      name: "POD_IP",
      valueFrom: { fieldRef: { fieldPath: "status.podIP" } },
    });
    expect(container.ports?.map((port) => `${port.name}/${port.protocol}`)).toEqual([
      "http/TCP",
      "mesh-tcp/TCP",
      "mesh-udp/UDP",
    ]);
  });

  it("mounts an API token only into pods that read the Kubernetes API", () => {
    expect(podTemplate(settings, specOf("prometheus")).spec?.automountServiceAccountToken).toBe(true);
    expect(podTemplate(settings, specOf("grafana")).spec?.automountServiceAccountToken).toBe(false);
  });
});
