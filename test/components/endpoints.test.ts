import { describe, expect, it } from "vitest";
import {
  grafanaApiUrl,
  inNetworkUrl,
  replicaHost,
  serviceAddress,
  userUrl,
} from "../../components/endpoints";
import type { StackSettings } from "../../settings";
import { testSettings } from "../../harness/settings";

function kubernetesSettings(kubernetes: Record<string, unknown> = {}): StackSettings {
  return testSettings({ target: "kubernetes", kubernetes }, { stack: "prod" });
}

describe("in-network addresses", () => {
  it("renders the in-network URL of each service for the target platform", () => {
    const docker = testSettings({});
    expect(inNetworkUrl(docker, "prometheus")).toBe("http://prometheus:9090");
    expect(inNetworkUrl(docker, "alertmanager")).toBe("http://alertmanager:9093");
    expect(inNetworkUrl(docker, "loki")).toBe("http://loki:3100");
    const kubernetes = kubernetesSettings({ namespace: "observability" });
    expect(inNetworkUrl(kubernetes, "prometheus")).toBe("http://prometheus.observability.svc:9090");
    expect(inNetworkUrl(kubernetes, "grafana", 8080)).toBe("http://grafana.observability.svc:8080");
  });

  it("names services by their short DNS name and StatefulSet replicas through the headless Service", () => {
    expect(serviceAddress("docker-socket-proxy")).toBe("docker-socket-proxy:2375");
    expect(replicaHost("alertmanager", 2, "obs")).toBe("alertmanager-2.alertmanager-headless.obs.svc");
  });
});

describe("the URL users open", () => {
  it("prefers the configured URL, then the Ingress", () => {
    const settings = kubernetesSettings({ ingress: { hosts: { grafana: "grafana.example.org" } } });
    expect(userUrl(settings, "grafana", "https://ops.example.org")).toBe("https://ops.example.org");
    // No TLS secret: the Ingress serves plain http.
    expect(userUrl(settings, "grafana", undefined)).toBe("http://grafana.example.org");
  });

  it("falls back on Kubernetes to the port-forward address", () => {
    const settings = kubernetesSettings({ namespace: "obs" });
    expect(userUrl(settings, "alertmanager", undefined)).toBe("http://127.0.0.1:9093");
  });

  it("uses the published port on Docker, with localhost when it binds every address", () => {
    const settings = testSettings({ expose: { bindAddress: "0.0.0.0", ports: { prometheus: 19090 } } });
    expect(userUrl(settings, "prometheus", undefined)).toBe("http://localhost:19090");
    // An Ingress host set on the Docker target is ignored (render warns about it).
    const ignored = testSettings({ kubernetes: { ingress: { hosts: { grafana: "grafana.example.org" } } } });
    expect(userUrl(ignored, "grafana", undefined)).toBe("http://127.0.0.1:3000");
  });
});

describe("the URL the Grafana provider uses", () => {
  it("on Kubernetes: kubernetes.grafanaUrl, else the Ingress over https even without a TLS secret", () => {
    const withHost = kubernetesSettings({ ingress: { hosts: { grafana: "grafana.example.org" } } });
    expect(grafanaApiUrl(withHost)).toBe("https://grafana.example.org");
    const explicit = kubernetesSettings({
      ingress: { hosts: { grafana: "grafana.example.org" } },
      grafanaUrl: "https://grafana.internal:3000",
    });
    expect(grafanaApiUrl(explicit)).toBe("https://grafana.internal:3000");
  });

  it("is left to the deployed service's URL without either, and always on Docker", () => {
    expect(grafanaApiUrl(kubernetesSettings({ namespace: "obs" }))).toBeUndefined();
    expect(
      grafanaApiUrl(testSettings({ kubernetes: { grafanaUrl: "https://grafana.internal:3000" } })),
    ).toBeUndefined();
  });
});
