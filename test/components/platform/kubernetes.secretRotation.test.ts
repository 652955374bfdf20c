import { describe, expect, it } from "vitest";
import {
  SECRET_CHECKSUM_ANNOTATION,
  SECRET_CHECKSUM_PLACEHOLDER,
  secretValuesChecksum,
} from "../../../components/platform/kubernetes/pod";
import { readStackConfig } from "../../../settings/stackFile";
import { REPO_ROOT, renderedManifests, prodSettings } from "../../../harness/kubernetes";
import { deployMocked, isSecretInput, type RegisteredResource } from "../../../harness/pulumiMocks";

const KEY = "0123456789abcdefghijklmnopqrstuv";
const WEBHOOK = "https://hooks.slack.com/services/T000/B000/rotation-test-value-1";
const ROTATED_WEBHOOK = "https://hooks.slack.com/services/T000/B000/rotation-test-value-2";

describe("secretValuesChecksum", () => {
  it("is stable for the same values, in any key order", () => {
    const first = secretValuesChecksum(KEY, { smtpPassword: "a", pagerdutyRoutingKey: "b" });
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(secretValuesChecksum(KEY, { pagerdutyRoutingKey: "b", smtpPassword: "a" })).toBe(first);
  });

  it("changes when any value changes, and with the HMAC key", () => {
    const base = secretValuesChecksum(KEY, { smtpPassword: "a", pagerdutyRoutingKey: "b" });
    expect(secretValuesChecksum(KEY, { smtpPassword: "a", pagerdutyRoutingKey: "c" })).not.toBe(base);
    expect(secretValuesChecksum(KEY, { smtpPassword: "A", pagerdutyRoutingKey: "b" })).not.toBe(base);
    expect(secretValuesChecksum(`${KEY}x`, { smtpPassword: "a", pagerdutyRoutingKey: "b" })).not.toBe(base);
  });

  it("keeps value boundaries: moving characters between values changes the digest", () => {
    expect(secretValuesChecksum(KEY, { a: "xy", b: "z" })).not.toBe(
      secretValuesChecksum(KEY, { a: "x", b: "yz" }),
    );
  });

  it("is keyed: it differs from an unkeyed hash and refuses a short key", () => {
    expect(secretValuesChecksum(KEY, { smtpPassword: "hunter2" })).not.toContain("hunter2");
    expect(() => secretValuesChecksum("short", { smtpPassword: "x" })).toThrow(/at least 16 characters/);
  });
});

interface PodTemplateInputs {
  spec: { template: { metadata: { annotations: Record<string, unknown> } } };
}

function annotationsOf(resources: readonly RegisteredResource[], name: string): Record<string, unknown> {
  const found = resources.find((resource) => resource.name === name);
  if (found === undefined) throw new Error(`no resource ${name}`);
  expect(isSecretInput(found.inputs.spec), `${name} spec is not a secret`).toBe(false);
  return (found.inputs as unknown as PodTemplateInputs).spec.template.metadata.annotations;
}

/** Runs the prod stack under mocks with these secrets (the Slack webhook and Grafana's), returning what was registered. */
async function prodWith(
  stackName: string,
  secrets: Readonly<Record<string, string>>,
): Promise<RegisteredResource[]> {
  const prod = readStackConfig(REPO_ROOT, "prod");
  const values = {
    grafanaAdminPassword: "rotation-admin-password",
    grafanaSecretKey: "rotation-grafana-secret-key",
    slackCriticalWebhookUrl: WEBHOOK,
    ...secrets,
  };
  const { resources } = await deployMocked(
    stackName,
    { ...prod.values, ...values },
    { secretKeys: Object.keys(values) },
  );
  return resources;
}

describe("secret rotation on Kubernetes (prod stack, mocked engine)", () => {
  it("rolls Alertmanager when a secret value changes and only then; the annotation never holds the value", async () => {
    const first = annotationsOf(await prodWith("rotation-a", {}), "statefulset-alertmanager");
    const same = annotationsOf(await prodWith("rotation-b", {}), "statefulset-alertmanager");
    const rotated = annotationsOf(
      await prodWith("rotation-c", { slackCriticalWebhookUrl: ROTATED_WEBHOOK }),
      "statefulset-alertmanager",
    );

    const checksum = first[SECRET_CHECKSUM_ANNOTATION];
    expect(checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(same[SECRET_CHECKSUM_ANNOTATION]).toBe(checksum);
    expect(rotated[SECRET_CHECKSUM_ANNOTATION]).not.toBe(checksum);
    // The config checksum only sees key names, so it alone would not have rolled the pods.
    expect(rotated["checksum/config"]).toBe(first["checksum/config"]);
    for (const annotations of [first, rotated]) {
      const text = JSON.stringify(annotations);
      expect(text).not.toContain("rotation-test-value");
      expect(text).not.toContain("hooks.slack.com");
    }
  });

  it("rolls Grafana when its admin password or secret key changes", async () => {
    const before = annotationsOf(await prodWith("rotation-d", {}), "deployment-grafana");
    const resources = await prodWith("rotation-e", { grafanaSecretKey: "another-key-value" });
    const after = annotationsOf(resources, "deployment-grafana");
    expect(after[SECRET_CHECKSUM_ANNOTATION]).not.toBe(before[SECRET_CHECKSUM_ANNOTATION]);
    expect(JSON.stringify(after)).not.toContain("another-key-value");
  });

  it("render shows a placeholder in the same place, and no annotation on pods without secrets", () => {
    const manifests = renderedManifests(prodSettings());
    const grafana = manifests.get("deployment-grafana.yaml");
    if (grafana?.kind !== "Deployment") throw new Error("no Grafana Deployment");
    expect(grafana.spec?.template.metadata?.annotations?.[SECRET_CHECKSUM_ANNOTATION]).toBe(
      SECRET_CHECKSUM_PLACEHOLDER,
    );
    const prometheus = manifests.get("statefulset-prometheus.yaml");
    if (prometheus?.kind !== "StatefulSet") throw new Error("no Prometheus StatefulSet");
    expect(prometheus.spec?.template.metadata?.annotations).not.toHaveProperty(SECRET_CHECKSUM_ANNOTATION);
  });
});
