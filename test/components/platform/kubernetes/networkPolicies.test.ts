import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import { describe, expect, it } from "vitest";
import type { KubernetesManifest } from "../../../../components/platform/kubernetesManifests";
import type { StackSettings } from "../../../../settings";
import { prodKubernetesWith, prodSettings, renderedManifests } from "../../../../harness/kubernetes";

/**
 * The hardening policy, asserted over every workload the prod stack renders. The only deviations
 * allowed are the host-access exceptions listed here; a new one must be added (and justified) here.
 */
const HOST_ACCESS_EXCEPTIONS: Record<string, { runsAsRoot: boolean; hostPID: boolean; hostPaths: string[] }> =
  {
    // Host metrics: the host's /proc, /sys and root filesystem, and its PID namespace; still non-root.
    "node-exporter": { runsAsRoot: false, hostPID: true, hostPaths: ["/", "/proc", "/sys"] },
    // Log shippers tail root-owned pod logs and the journal (uid 0, every capability dropped).
    promtail: {
      runsAsRoot: true,
      hostPID: false,
      hostPaths: ["/etc/machine-id", "/var/log/journal", "/var/log/pods"],
    },
    alloy: {
      runsAsRoot: true,
      hostPID: false,
      hostPaths: ["/etc/machine-id", "/var/log/journal", "/var/log/pods"],
    },
    // Only with kubernetes.cadvisor=daemonset: cgroups and the container runtime's files.
    cadvisor: {
      runsAsRoot: true,
      hostPID: false,
      hostPaths: ["/", "/dev/disk", "/sys", "/var/lib/docker", "/var/run/containerd"],
    },
  };

/** Every workload kind and host-access exception appears in at least one of these. */
const VARIANTS: Record<string, StackSettings> = {
  prod: prodSettings(),
  "promtail + cAdvisor DaemonSet + every UI published": prodSettings({
    logs: { enabled: true, shipper: "promtail" },
    ...prodKubernetesWith({
      cadvisor: "daemonset",
      ingress: {
        tlsSecretName: "obs-tls",
        hosts: { grafana: "g.example.org", prometheus: "p.example.org", alertmanager: "a.example.org" },
      },
    }),
  }),
};

interface Workload {
  readonly kind: string;
  readonly name: string;
  readonly replicas: number;
  readonly selector: Record<string, string>;
  readonly pod: IPodSpec;
  readonly podLabels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

function workloads(manifests: Map<string, KubernetesManifest>): Workload[] {
  const found: Workload[] = [];
  for (const manifest of manifests.values()) {
    if (manifest.kind !== "StatefulSet" && manifest.kind !== "Deployment" && manifest.kind !== "DaemonSet")
      continue;
    const spec = manifest.spec;
    if (spec?.template.spec === undefined) throw new Error(`${manifest.kind} without a pod spec`);
    found.push({
      kind: manifest.kind,
      name: manifest.metadata?.name ?? "",
      replicas: manifest.kind === "DaemonSet" ? 1 : ((manifest.spec as { replicas?: number }).replicas ?? 1),
      selector: spec.selector.matchLabels ?? {},
      pod: spec.template.spec,
      podLabels: spec.template.metadata?.labels ?? {},
      annotations: spec.template.metadata?.annotations ?? {},
    });
  }
  return found;
}

function networkPolicies(manifests: Map<string, KubernetesManifest>): INetworkPolicy[] {
  return [...manifests.values()].filter(
    (manifest): manifest is INetworkPolicy => manifest.kind === "NetworkPolicy",
  );
}

function matches(
  selector: { matchLabels?: Record<string, string>; matchExpressions?: unknown },
  labels: Record<string, string>,
): boolean {
  if (selector.matchExpressions !== undefined) throw new Error("this evaluator only understands matchLabels");
  return Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
}

interface Peer {
  readonly namespace: string;
  readonly labels: Record<string, string>;
}

/** NetworkPolicy ingress semantics (matchLabels only): is this connection admitted? */
function admits(
  policies: readonly INetworkPolicy[],
  from: Peer,
  to: Peer,
  port: number,
  protocol = "TCP",
): boolean {
  const selecting = policies.filter(
    (policy) =>
      policy.metadata?.namespace === to.namespace &&
      (policy.spec?.policyTypes ?? ["Ingress"]).includes("Ingress") &&
      matches(policy.spec?.podSelector ?? {}, to.labels),
  );
  if (selecting.length === 0) return true;
  return selecting.some((policy) =>
    (policy.spec?.ingress ?? []).some((rule) => {
      const portOk =
        rule.ports === undefined ||
        rule.ports.some((allowed) => allowed.port === port && (allowed.protocol ?? "TCP") === protocol);
      const peerOk =
        rule.from === undefined ||
        rule.from.some((peer) => {
          const namespaceOk =
            peer.namespaceSelector === undefined
              ? from.namespace === to.namespace
              : matches(peer.namespaceSelector, { "kubernetes.io/metadata.name": from.namespace });
          return namespaceOk && (peer.podSelector === undefined || matches(peer.podSelector, from.labels));
        });
      return portOk && peerOk;
    }),
  );
}

for (const [variant, settings] of Object.entries(VARIANTS)) {
  const manifests = renderedManifests(settings);
  const all = workloads(manifests);
  const namespace = settings.kubernetes.namespace;
  const podOf = (name: string): Peer => {
    const workload = all.find((candidate) => candidate.name === name);
    if (workload === undefined) throw new Error(`no workload ${name}`);
    return { namespace, labels: workload.podLabels };
  };

  describe(`hardening policy (${variant})`, () => {
    it("renders the workloads the settings ask for", () => {
      const names = all.map((workload) => workload.name).sort();
      expect(names).toEqual(
        expect.arrayContaining(["alertmanager", "grafana", "loki", "node-exporter", "prometheus"]),
      );
      expect(names).toContain(settings.logs.shipper);
    });

    for (const workload of all) {
      const exception = HOST_ACCESS_EXCEPTIONS[workload.name];
      const container = workload.pod.containers[0];

      describe(workload.name, () => {
        it("has exactly one container with a pinned image tag (never latest)", () => {
          expect(workload.pod.containers).toHaveLength(1);
          expect(container?.image).toMatch(/^[^@]+:[A-Za-z0-9_][A-Za-z0-9_.-]*(@sha256:[a-f0-9]{64})?$/);
          expect(container?.image).not.toMatch(/:latest(@|$)/);
        });

        it("drops every capability, blocks privilege escalation, uses RuntimeDefault seccomp and a read-only root", () => {
          const security = container?.securityContext;
          expect(security?.allowPrivilegeEscalation).toBe(false);
          expect(security?.privileged).toBe(false);
          expect(security?.readOnlyRootFilesystem).toBe(true);
          expect(security?.capabilities?.drop).toEqual(["ALL"]);
          expect(security?.capabilities?.add).toBeUndefined();
          expect(security?.seccompProfile?.type).toBe("RuntimeDefault");
          expect(workload.pod.securityContext?.seccompProfile?.type).toBe("RuntimeDefault");
        });

        it(
          exception?.runsAsRoot === true ? "runs as uid 0 only as a listed exception" : "runs as non-root",
          () => {
            const podSecurity = workload.pod.securityContext;
            if (exception?.runsAsRoot === true) {
              expect(podSecurity?.runAsUser).toBe(0);
              expect(podSecurity?.runAsNonRoot).toBe(false);
            } else {
              expect(podSecurity?.runAsNonRoot).toBe(true);
              expect(container?.securityContext?.runAsNonRoot).toBe(true);
              expect(podSecurity?.runAsUser).toBeGreaterThan(0);
            }
          },
        );

        it("uses the host only as listed, read-only, and says why", () => {
          expect(workload.pod.hostNetwork).toBeUndefined();
          expect(workload.pod.hostIPC).toBeUndefined();
          expect(workload.pod.hostPID).toBe(exception?.hostPID ?? false);
          const hostVolumes = (workload.pod.volumes ?? []).filter((volume) => volume.hostPath !== undefined);
          expect(hostVolumes.map((volume) => volume.hostPath?.path).sort()).toEqual(
            exception?.hostPaths ?? [],
          );
          for (const volume of hostVolumes) {
            const mount = container?.volumeMounts?.find((candidate) => candidate.name === volume.name);
            expect(mount?.readOnly, volume.hostPath?.path).toBe(true);
          }
          if (exception !== undefined) expect(workload.annotations["xai.io/host-access"]).toBeTruthy();
          else expect(workload.annotations["xai.io/host-access"]).toBeUndefined();
        });

        it("sets CPU and memory requests and limits, requests within limits", () => {
          const resources = container?.resources;
          for (const key of ["cpu", "memory"]) {
            expect(resources?.requests?.[key], key).toBeDefined();
            expect(resources?.limits?.[key], key).toBeDefined();
          }
          const millicores = (value: unknown): number => Number(String(value).replace(/m$/, ""));
          expect(millicores(resources?.requests?.cpu)).toBeLessThanOrEqual(
            millicores(resources?.limits?.cpu),
          );
          expect(resources?.requests?.memory).toBe(resources?.limits?.memory);
        });

        it("has startup, readiness and liveness HTTP probes on a declared port", () => {
          const declared = (container?.ports ?? []).flatMap((port) => [port.name, port.containerPort]);
          for (const probe of [
            container?.startupProbe,
            container?.readinessProbe,
            container?.livenessProbe,
          ]) {
            expect(probe?.httpGet?.path).toMatch(/^\//);
            expect(declared).toContain(probe?.httpGet?.port);
          }
        });

        it("gets an API token only when it has RBAC bindings", () => {
          const bound = [...manifests.values()].some(
            (manifest) =>
              (manifest.kind === "RoleBinding" || manifest.kind === "ClusterRoleBinding") &&
              (manifest.subjects ?? []).some((subject) => subject.name === workload.pod.serviceAccountName),
          );
          expect(workload.pod.serviceAccountName).toBe(workload.name);
          expect(workload.pod.automountServiceAccountToken).toBe(bound);
        });

        it(workload.replicas > 1 ? "has a PodDisruptionBudget" : "needs no PodDisruptionBudget", () => {
          const budgets = [...manifests.values()].filter(
            (manifest) =>
              manifest.kind === "PodDisruptionBudget" &&
              JSON.stringify(manifest.spec?.selector?.matchLabels) === JSON.stringify(workload.selector),
          );
          if (workload.replicas > 1) {
            expect(budgets).toHaveLength(1);
            const budget = budgets[0];
            if (budget?.kind === "PodDisruptionBudget") expect(budget.spec?.maxUnavailable).toBe(1);
          } else {
            expect(budgets).toHaveLength(0);
          }
        });

        it("is reachable by Prometheus on its metrics port, and isolated by the default deny", () => {
          const metricsPort = container?.ports?.find((port) => port.name === "http")?.containerPort;
          expect(metricsPort).toBeDefined();
          const self = { namespace, labels: workload.podLabels };
          expect(admits(networkPolicies(manifests), podOf("prometheus"), self, metricsPort ?? 0)).toBe(true);
          const stranger = { namespace: "somewhere-else", labels: { app: "curious" } };
          expect(admits(networkPolicies(manifests), stranger, self, metricsPort ?? 0)).toBe(false);
        });
      });
    }

    it("denies all ingress in the namespace by default", () => {
      const deny = networkPolicies(manifests).find(
        (policy) => policy.metadata?.name === "default-deny-ingress",
      );
      expect(deny?.spec).toEqual({ podSelector: {}, policyTypes: ["Ingress"] });
      expect(deny?.metadata?.namespace).toBe(namespace);
    });

    it("admits exactly the connections the stack makes", () => {
      const policies = networkPolicies(manifests);
      const grafana = podOf("grafana");
      expect(admits(policies, grafana, podOf("prometheus"), 9090)).toBe(true);
      expect(admits(policies, grafana, podOf("loki"), 3100)).toBe(true);
      expect(admits(policies, grafana, podOf("alertmanager"), 9093)).toBe(true);
      expect(admits(policies, podOf(settings.logs.shipper), podOf("loki"), 3100)).toBe(true);
      // Alertmanager replicas gossip over TCP and UDP.
      expect(admits(policies, podOf("alertmanager"), podOf("alertmanager"), 9094, "TCP")).toBe(true);
      expect(admits(policies, podOf("alertmanager"), podOf("alertmanager"), 9094, "UDP")).toBe(true);
      // Nothing else: no lateral moves between exporters and UIs.
      expect(admits(policies, podOf("node-exporter"), grafana, 3000)).toBe(false);
      expect(admits(policies, grafana, podOf("node-exporter"), 9100)).toBe(false);
      expect(admits(policies, podOf(settings.logs.shipper), podOf("prometheus"), 9090)).toBe(false);
      expect(admits(policies, podOf("prometheus"), podOf("alertmanager"), 9094)).toBe(false);
    });

    it("lets the ingress controller reach exactly the UIs that have a host", () => {
      const policies = networkPolicies(manifests);
      const controller = settings.kubernetes.ingress.controller;
      const ingressPod = { namespace: controller.namespace, labels: controller.podLabels };
      const hosts = settings.kubernetes.ingress.hosts;
      expect(hosts.grafana).toBeDefined();
      expect(admits(policies, ingressPod, podOf("grafana"), 3000)).toBe(true);
      expect(admits(policies, ingressPod, podOf("prometheus"), 9090)).toBe(hosts.prometheus !== undefined);
      expect(admits(policies, ingressPod, podOf("alertmanager"), 9093)).toBe(
        hosts.alertmanager !== undefined,
      );
      expect(admits(policies, ingressPod, podOf("loki"), 3100)).toBe(false);
      expect(admits(policies, ingressPod, podOf("node-exporter"), 9100)).toBe(false);
      const otherPodThere = { namespace: controller.namespace, labels: { app: "not-the-controller" } };
      expect(admits(policies, otherPodThere, podOf("grafana"), 3000)).toBe(false);
    });

    it("grants only get/list/watch on the resources discovery needs", () => {
      for (const manifest of manifests.values()) {
        if (manifest.kind !== "Role" && manifest.kind !== "ClusterRole") continue;
        for (const rule of manifest.rules ?? []) {
          expect(rule.apiGroups).toEqual([""]);
          for (const resource of rule.resources ?? []) {
            expect(["pods", "nodes", "nodes/metrics"]).toContain(resource);
          }
          for (const verb of rule.verbs) expect(["get", "list", "watch"]).toContain(verb);
        }
      }
    });
  });
}
