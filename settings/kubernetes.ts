import { z } from "zod";
import { httpUrl, kubernetesAnnotations, kubernetesLabels, labelName, name, refuseRepeats } from "./fields";
import { re2Problem } from "./re2";

/** Kubernetes quantities for storage: whole Mi, Gi or Ti. */
const storageSize = z
  .string()
  .regex(/^[1-9]\d*(Mi|Gi|Ti)$/, { error: "expected a storage size in Mi, Gi or Ti, such as 10Gi" })
  .meta({ form: "storage size (10Gi, 1Ti)" });

const hostname = z.string().regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
  error: "expected a fully qualified host name such as grafana.example.org",
});

const replicaCount = z
  .number({ error: "expected a whole number of replicas from 1 to 10" })
  .int({ error: "expected a whole number of replicas from 1 to 10" })
  .min(1, { error: "expected a whole number of replicas from 1 to 10" })
  .max(10, { error: "expected a whole number of replicas from 1 to 10" });

/** key=value, the form kubernetes_sd_configs selectors and Kubernetes label selectors accept. */
const labelSelector = z
  .string()
  .regex(
    /^([a-z0-9.-]+\/)?[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?=[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/,
    {
      error: "expected a label selector key=value such as app.kubernetes.io/name=xai-node",
    },
  );

const annotationName = z.string().regex(/^([a-z0-9.-]+\/)?[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/, {
  error: "expected an annotation name such as xai.io/scrape",
});

/** Volume size per service that keeps data; the spec builders suggest the same sizes. */
export const STORAGE_DEFAULTS = {
  prometheus: "50Gi",
  alertmanager: "1Gi",
  grafana: "5Gi",
  loki: "50Gi",
} as const;
const REPLICA_DEFAULTS = { prometheus: 2, alertmanager: 3 } as const;
const INGRESS_DEFAULTS = {
  className: "nginx",
  hosts: {},
  annotations: {},
  controller: { namespace: "ingress-nginx", podLabels: { "app.kubernetes.io/name": "ingress-nginx" } },
};
const XAI_POD_DEFAULTS = {
  enabled: true,
  namespaces: [],
  labelSelector: "app.kubernetes.io/name=xai-node",
  portName: "metrics",
  metricsPath: "/metrics",
};
const PROMETHEUS_HA_DEFAULTS = { replicaLabel: "replica", remoteWrite: [] };

/** Hosts for which plain http never leaves the machine (e.g. kubectl port-forward). */
function isLoopbackUrl(url: string): boolean {
  if (!URL.canParse(url)) return true; // reported by httpUrl
  const host = new URL(url).hostname;
  return host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

const remoteWriteTarget = z.strictObject({
  /** Shown in Prometheus' remote-write metrics (remote_name label). */
  name,
  url: httpUrl,
  /** Only series whose __name__ matches are sent; unset sends everything. */
  keepMetricsRegex: z
    .string()
    .min(1, { error: "expected an RE2 regular expression such as xai_.*|up" })
    .superRefine((pattern, ctx) => {
      const problem = re2Problem(pattern);
      if (problem !== undefined) {
        ctx.addIssue({
          code: "custom",
          message: `expected an RE2 regular expression such as xai_.*|up, as Prometheus uses: ${problem}`,
        });
      }
    })
    .optional(),
  /** Larger shards move more samples per second at the cost of memory on each replica. */
  maxShards: z
    .number({ error: "expected a whole number of shards from 1 to 200" })
    .int({ error: "expected a whole number of shards from 1 to 200" })
    .min(1, { error: "expected a whole number of shards from 1 to 200" })
    .max(200, { error: "expected a whole number of shards from 1 to 200" })
    .default(50),
});
export type RemoteWriteTarget = z.infer<typeof remoteWriteTarget>;

/** Settings used only when target is kubernetes. */
export const kubernetesSettings = z
  .strictObject({
    namespace: name.default("xai-observability"),
    /**
     * false: the namespace already exists (e.g. made by the cluster admin) and the stack deploys into it
     * without creating, labelling or ever deleting it.
     */
    createNamespace: z.boolean({ error: "expected true or false" }).default(true),
    /** StorageClass for every PVC; unset uses the cluster's default class. */
    storageClass: name.optional(),
    /** PVC size per service that keeps data. */
    storage: z
      .strictObject({
        prometheus: storageSize.default(STORAGE_DEFAULTS.prometheus),
        alertmanager: storageSize.default(STORAGE_DEFAULTS.alertmanager),
        grafana: storageSize.default(STORAGE_DEFAULTS.grafana),
        loki: storageSize.default(STORAGE_DEFAULTS.loki),
      })
      .default(STORAGE_DEFAULTS),
    replicas: z
      .strictObject({
        /** An HA pair by default: both replicas scrape everything; each carries its own replica label. */
        prometheus: replicaCount.default(REPLICA_DEFAULTS.prometheus),
        /** Three gossiping replicas deduplicate notifications and survive one node loss. */
        alertmanager: replicaCount.default(REPLICA_DEFAULTS.alertmanager),
      })
      .default(REPLICA_DEFAULTS),
    ingress: z
      .strictObject({
        className: name.default(INGRESS_DEFAULTS.className),
        /** Secret (kubernetes.io/tls) in the namespace holding the certificate for every host below. */
        tlsSecretName: name.optional(),
        /** A host per exposed UI; a service without a host gets no Ingress. */
        hosts: z
          .strictObject({
            grafana: hostname.optional(),
            prometheus: hostname.optional(),
            alertmanager: hostname.optional(),
          })
          .default({}),
        /**
         * Added to every Ingress, e.g. the controller's authentication annotations: Prometheus and
         * Alertmanager have no login of their own.
         */
        annotations: kubernetesAnnotations.default({}),
        /** Where the ingress controller's pods run, so network policies can admit them. */
        controller: z
          .strictObject({
            namespace: name.default(INGRESS_DEFAULTS.controller.namespace),
            podLabels: kubernetesLabels.default(INGRESS_DEFAULTS.controller.podLabels),
          })
          .default(INGRESS_DEFAULTS.controller),
      })
      .default(INGRESS_DEFAULTS),
    /** How Prometheus finds XAI node pods, in addition to the static xaiNodes targets. */
    xaiPods: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** Namespaces to watch; empty watches every namespace (needs cluster-wide read access to pods). */
        namespaces: z.array(name).default([]),
        /** Pods carrying this label are scraped; defaults to app.kubernetes.io/name=xai-node unless annotation is set. */
        labelSelector: labelSelector.optional(),
        /** Pods whose annotation has the value "true" are scraped. */
        annotation: annotationName.optional(),
        /** Name of the container port that serves metrics. */
        portName: z
          .string()
          .regex(/^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/, { error: "expected a port name such as metrics" })
          .default(XAI_POD_DEFAULTS.portName),
        metricsPath: z
          .string({ error: "expected a path such as /metrics" })
          .regex(/^\/[A-Za-z0-9._~/-]*$/, { error: "expected a URL path such as /metrics" })
          .default("/metrics"),
      })
      // Setting only some keys (e.g. namespaces) keeps the documented default selector.
      .transform((pods) =>
        pods.labelSelector === undefined && pods.annotation === undefined
          ? { ...pods, labelSelector: XAI_POD_DEFAULTS.labelSelector }
          : pods,
      )
      .default(XAI_POD_DEFAULTS),
    /**
     * kubelet: scrape each kubelet's built-in cAdvisor endpoint (no extra pods, no host access);
     * daemonset: run the standalone cAdvisor image on every node, as the Docker stack does.
     */
    cadvisor: z.enum(["kubelet", "daemonset"], { error: "expected kubelet or daemonset" }).default("kubelet"),
    /** Grafana URL the Grafana provider talks to; defaults to https://<ingress.hosts.grafana>. */
    grafanaUrl: httpUrl
      .refine((url) => url.startsWith("https://") || isLoopbackUrl(url), {
        error:
          "expected an https:// URL: plain http would send the Grafana admin login in clear text (http is allowed for localhost only, e.g. kubectl port-forward)",
      })
      .meta({ form: "https URL (http only to localhost)" })
      .optional(),
    prometheus: z
      .strictObject({
        /** External label that tells the replicas of the HA pair apart (deduplicated by Thanos / Mimir). */
        replicaLabel: labelName.default(PROMETHEUS_HA_DEFAULTS.replicaLabel),
        remoteWrite: z
          .array(remoteWriteTarget)
          .superRefine((targets, ctx) => {
            refuseRepeats(targets, "name", ctx, (target, index, first) => ({
              path: [index, "name"],
              message: `expected a unique remote-write name; "${target.name}" is already used by remoteWrite[${first}]`,
            }));
          })
          .default([]),
      })
      .default(PROMETHEUS_HA_DEFAULTS),
  })
  .default({
    namespace: "xai-observability",
    createNamespace: true,
    storage: STORAGE_DEFAULTS,
    replicas: REPLICA_DEFAULTS,
    ingress: INGRESS_DEFAULTS,
    xaiPods: XAI_POD_DEFAULTS,
    cadvisor: "kubelet",
    prometheus: PROMETHEUS_HA_DEFAULTS,
  });

export type KubernetesSettings = z.infer<typeof kubernetesSettings>;
