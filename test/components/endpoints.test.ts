import { describe, expect, it } from "vitest";
import {
  inNetworkUrl,
  replicaHost,
  serviceAddress,
  userUrl,
  type UserUrlOptions,
} from "../../components/endpoints";
import type { StackSettings } from "../../settings";
import { testSettings } from "../../harness/settings";

function kubernetesSettings(kubernetes: Record<string, unknown> = {}): StackSettings {
  return testSettings({ target: "kubernetes", kubernetes }, { stack: "prod" });
}

/** The URL the Grafana provider talks to, as the stack asks for it. */
const PROVIDER = (settings: StackSettings): UserUrlOptions => ({
  configured: settings.kubernetes.grafanaUrl,
  for: "program",
  ingressScheme: "https",
});

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
  it("prefers the configured URL, then the Ingress, on every audience", () => {
    const settings = kubernetesSettings({ ingress: { hosts: { grafana: "grafana.example.org" } } });
    expect(userUrl(settings, "grafana", { configured: "https://ops.example.org", for: "links" })).toBe(
      "https://ops.example.org",
    );
    // No TLS secret: the Ingress serves plain http, except to the provider, which sends the admin login.
    expect(userUrl(settings, "grafana", { for: "links" })).toBe("http://grafana.example.org");
    expect(userUrl(settings, "grafana", { for: "program" })).toBe("http://grafana.example.org");
    expect(userUrl(settings, "grafana", PROVIDER(settings))).toBe("https://grafana.example.org");
  });

  it("derives the Grafana provider URL from the ingress host unless one is given", () => {
    const withHost = kubernetesSettings({ ingress: { hosts: { grafana: "grafana.example.org" } } });
    expect(userUrl(withHost, "grafana", PROVIDER(withHost))).toBe("https://grafana.example.org");
    const explicit = kubernetesSettings({
      ingress: { hosts: { grafana: "grafana.example.org" } },
      grafanaUrl: "https://grafana.internal:3000",
    });
    expect(userUrl(explicit, "grafana", PROVIDER(explicit))).toBe("https://grafana.internal:3000");
    const neither = kubernetesSettings({ namespace: "obs" });
    expect(userUrl(neither, "grafana", PROVIDER(neither))).toBe("http://grafana.obs.svc:3000");
  });

  it("falls back on Kubernetes to the port-forward address for links and the in-network URL otherwise", () => {
    const settings = kubernetesSettings({ namespace: "obs" });
    expect(userUrl(settings, "alertmanager", { for: "links" })).toBe("http://127.0.0.1:9093");
    expect(userUrl(settings, "alertmanager", { for: "program" })).toBe("http://alertmanager.obs.svc:9093");
  });

  it("uses the published port on Docker, with localhost in links when it binds every address", () => {
    const settings = testSettings({ expose: { bindAddress: "0.0.0.0", ports: { prometheus: 19090 } } });
    expect(userUrl(settings, "prometheus", { for: "links" })).toBe("http://localhost:19090");
    expect(userUrl(settings, "prometheus", { for: "program" })).toBe("http://0.0.0.0:19090");
    // An Ingress host set on the Docker target is ignored (render warns about it).
    const ignored = testSettings({ kubernetes: { ingress: { hosts: { grafana: "grafana.example.org" } } } });
    expect(userUrl(ignored, "grafana", { for: "program" })).toBe("http://127.0.0.1:3000");
  });
});
