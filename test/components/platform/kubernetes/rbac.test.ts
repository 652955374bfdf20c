import { describe, expect, it } from "vitest";
import { SPEC_BUILDERS } from "../../../../components/catalog";
import type { KubernetesManifest } from "../../../../components/platform/kubernetes/model";
import { rbacManifests } from "../../../../components/platform/kubernetes/rbac";
import { prodKubernetesWith, prodSettings } from "../../../../harness/kubernetes";

const settings = prodSettings();

/** kind/namespace/name of each manifest, and the rules of each Role or ClusterRole. */
function summary(manifests: readonly KubernetesManifest[]): { objects: string[]; rules: string[] } {
  const objects = manifests.map(
    (manifest) => `${manifest.kind}/${manifest.metadata?.namespace ?? "-"}/${manifest.metadata?.name ?? ""}`,
  );
  const rules = manifests.flatMap((manifest) =>
    manifest.kind === "Role" || manifest.kind === "ClusterRole"
      ? (manifest.rules ?? []).map(
          (rule) =>
            `${manifest.kind} ${(rule.apiGroups ?? []).join(",")}/${(rule.resources ?? []).join(",")}: ${rule.verbs.join(",")}`,
        )
      : [],
  );
  return { objects, rules };
}

describe("rbacManifests", () => {
  it("gives a service that reads no API only its own ServiceAccount, without a token", () => {
    expect(rbacManifests(settings, SPEC_BUILDERS.grafana(settings))).toEqual([
      expect.objectContaining({
        kind: "ServiceAccount",
        metadata: expect.objectContaining({ name: "grafana", namespace: "xai-observability" }) as unknown,
        automountServiceAccountToken: false,
      }),
    ]);
  });

  it("lets Prometheus read pods in its own and the XAI namespaces, and nodes cluster-wide, nothing more", () => {
    const { objects, rules } = summary(rbacManifests(settings, SPEC_BUILDERS.prometheus(settings)));
    expect(objects).toEqual([
      "ServiceAccount/xai-observability/prometheus",
      "ClusterRole/-/xai-observability-prometheus-discovery",
      "ClusterRoleBinding/-/xai-observability-prometheus-discovery",
      "Role/xai/xai-observability-prometheus-discovery",
      "RoleBinding/xai/xai-observability-prometheus-discovery",
      "Role/xai-observability/xai-observability-prometheus-discovery",
      "RoleBinding/xai-observability/xai-observability-prometheus-discovery",
    ]);
    // Subresources are fetched only; nothing may write, and no wildcard appears.
    expect(rules).toEqual([
      "ClusterRole /nodes: get,list,watch",
      "ClusterRole /nodes/metrics: get",
      "Role /pods: get,list,watch",
      "Role /pods: get,list,watch",
    ]);
  });

  it("binds every role to the service's own account in the stack namespace", () => {
    const bindings = rbacManifests(settings, SPEC_BUILDERS.prometheus(settings)).filter(
      (manifest) => manifest.kind === "RoleBinding" || manifest.kind === "ClusterRoleBinding",
    );
    expect(bindings).toHaveLength(3);
    for (const manifest of bindings) {
      expect(manifest.subjects).toEqual([
        { kind: "ServiceAccount", name: "prometheus", namespace: "xai-observability" },
      ]);
      expect(manifest.roleRef.name).toBe(manifest.metadata?.name);
    }
  });

  it("needs no ClusterRole once nothing is read cluster-wide", () => {
    const noContainers = prodSettings({ containers: { enabled: false } });
    const { objects } = summary(rbacManifests(noContainers, SPEC_BUILDERS.prometheus(noContainers)));
    expect(objects.filter((object) => object.startsWith("Cluster"))).toEqual([]);
    expect(objects).toContain("Role/xai/xai-observability-prometheus-discovery");
  });

  it("names roles after the stack namespace, so two stacks in one cluster never share one", () => {
    const other = prodSettings(prodKubernetesWith({ namespace: "obs-staging" }));
    const { objects } = summary(rbacManifests(other, SPEC_BUILDERS.prometheus(other)));
    expect(objects).toContain("ClusterRole/-/obs-staging-prometheus-discovery");
    expect(objects.some((object) => object.includes("xai-observability"))).toBe(false);
  });
});
