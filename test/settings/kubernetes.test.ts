import { describe, expect, it } from "vitest";
import { type StackSettings } from "../../settings";
import { settingsErrorOf, testSettings } from "../../harness/settings";

function kubernetesSettings(kubernetes?: Record<string, unknown>): StackSettings {
  return testSettings(
    { target: "kubernetes", ...(kubernetes === undefined ? {} : { kubernetes }) },
    { stack: "prod" },
  );
}

function problems(kubernetes: Record<string, unknown>): string[] {
  return [...settingsErrorOf(() => kubernetesSettings(kubernetes)).problems];
}

describe("kubernetes settings", () => {
  it("defaults to an HA pair of Prometheus, 3 Alertmanagers, kubelet cAdvisor and labelled XAI pods", () => {
    const { kubernetes } = kubernetesSettings();
    expect(kubernetes.namespace).toBe("xai-observability");
    expect(kubernetes.replicas).toEqual({ prometheus: 2, alertmanager: 3 });
    expect(kubernetes.cadvisor).toBe("kubelet");
    expect(kubernetes.storage).toEqual({
      prometheus: "50Gi",
      alertmanager: "1Gi",
      grafana: "5Gi",
      loki: "50Gi",
    });
    expect(kubernetes.xaiPods.labelSelector).toBe("app.kubernetes.io/name=xai-node");
    expect(kubernetes.prometheus).toEqual({ replicaLabel: "replica", remoteWrite: [] });
    expect(kubernetes.storageClass).toBeUndefined();
  });

  it("reports every bad value at once, with its key path and the expected form", () => {
    const reported = problems({
      namespace: "Observability",
      replicas: { prometheus: 0 },
      storage: { loki: "50GB" },
      ingress: { hosts: { grafana: "not a host" } },
      cadvisor: "sidecar",
      xaiPods: { labelSelector: "no-equals-sign" },
      prometheus: { remoteWrite: [{ name: "mimir", url: "ftp://mimir", keepMetricsRegex: "(" }] },
    });
    const expectations: [string, RegExp][] = [
      ["kubernetes.namespace", /lower-case name/],
      ["kubernetes.replicas.prometheus", /from 1 to 10/],
      ["kubernetes.storage.loki", /Mi, Gi or Ti/],
      ["kubernetes.ingress.hosts.grafana", /fully qualified host name/],
      ["kubernetes.cadvisor", /kubelet or daemonset/],
      ["kubernetes.xaiPods.labelSelector", /key=value/],
      ["kubernetes.prometheus.remoteWrite[0].url", /http\(s\) URL/],
      ["kubernetes.prometheus.remoteWrite[0].keepMetricsRegex", /regular expression/],
    ];
    for (const [path, message] of expectations) {
      expect(
        reported.find((problem) => problem.startsWith(`${path}:`)),
        path,
      ).toMatch(message);
    }
  });

  it("keeps the default label selector when only some XAI pod keys are set, unless an annotation selects", () => {
    const partial = kubernetesSettings({ xaiPods: { namespaces: ["xai"] } });
    expect(partial.kubernetes.xaiPods.labelSelector).toBe("app.kubernetes.io/name=xai-node");
    const byAnnotation = kubernetesSettings({ xaiPods: { annotation: "xai.io/scrape" } });
    expect(byAnnotation.kubernetes.xaiPods.labelSelector).toBeUndefined();
    const off = kubernetesSettings({ xaiPods: { enabled: false } });
    expect(off.kubernetes.xaiPods.enabled).toBe(false);
  });

  it("rejects unknown keys", () => {
    expect(problems({ replicas: { grafana: 2 } }).join("\n")).toMatch(
      /kubernetes\.replicas\.grafana: unknown key/,
    );
  });
});
