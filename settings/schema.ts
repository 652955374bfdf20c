import { z } from "zod";
import { alertingSettings } from "./alerting";
import { alertOverrides, networkSettings } from "./alerts";
import {
  byteSize,
  hostPort,
  httpUrl,
  labels,
  memoryLimit,
  name,
  pinnedImage,
  port,
  positiveDuration,
  refuseRepeats,
} from "./fields";
import { checkCrossReferences, uniquePorts, versionString } from "./crossChecks";
import { grafanaSettings } from "./grafana";
import { kubernetesSettings } from "./kubernetes";
import { logsSettings, lokiRetentionPeriod } from "./logs";
import { rehearsalSettings } from "./rehearsal";
import { sloSettings } from "./slos";

/** The services this stack can run. Names are also DNS names on the stack's private network. */
export const SERVICE_NAMES = [
  "prometheus",
  "grafana",
  "alertmanager",
  "node-exporter",
  "loki",
  "promtail",
  "alloy",
  "cadvisor",
  "xai-demo-node",
  "docker-socket-proxy",
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/**
 * Default images: pinned stable releases as of December 2026. Grafana 13.2.3 is the newest 13.2 patch and
 * carries the security fixes released after 13.2.0. Promtail stays at 3.6.11, its last published image: it
 * reached end of life on 2026-03-02 and gets no security backports, so Alloy is the default shipper.
 * cAdvisor images moved from gcr.io to ghcr.io with v0.54. settings/versions.ts says which binary
 * version tests each image.
 */
export const DEFAULT_IMAGES = {
  prometheus: "prom/prometheus:v3.14.0",
  grafana: "grafana/grafana:13.2.3",
  alertmanager: "prom/alertmanager:v0.34.1",
  nodeExporter: "prom/node-exporter:v1.12.1",
  loki: "grafana/loki:3.7.7",
  promtail: "grafana/promtail:3.6.11",
  alloy: "grafana/alloy:v1.21.0",
  cadvisor: "ghcr.io/google/cadvisor:v0.60.6",
  // The official HAProxy image on the 2.6 long-term-support branch, the branch the tests run: Debian 12's
  // haproxy 2.6 runs components/dockerSocketProxy's filter in test/components/dockerSocketProxy/config.live.test.ts. Newer
  // branches (Debian sid's 3.2) need a newer glibc than this machine has, so they cannot be proven here.
  dockerSocketProxy: "haproxy:2.6.31-alpine",
} as const;

const resourceLimit = z.strictObject({
  memory: memoryLimit,
  cpus: z
    .number({ error: "expected a number of CPUs such as 0.5 or 2" })
    .positive({ error: "expected a positive number of CPUs" }),
});
export type ResourceLimit = z.infer<typeof resourceLimit>;

export const DEFAULT_RESOURCES: Record<ServiceName, ResourceLimit> = {
  prometheus: { memory: "2Gi", cpus: 1 },
  grafana: { memory: "512Mi", cpus: 0.5 },
  alertmanager: { memory: "256Mi", cpus: 0.25 },
  "node-exporter": { memory: "128Mi", cpus: 0.25 },
  loki: { memory: "1Gi", cpus: 0.5 },
  promtail: { memory: "256Mi", cpus: 0.25 },
  alloy: { memory: "512Mi", cpus: 0.5 },
  cadvisor: { memory: "256Mi", cpus: 0.5 },
  "xai-demo-node": { memory: "128Mi", cpus: 0.25 },
  "docker-socket-proxy": { memory: "64Mi", cpus: 0.1 },
};

const xaiNode = z.strictObject({
  name,
  address: hostPort,
  network: name.default("mainnet"),
  labels: labels.default({}),
});
export type XaiNodeTarget = z.infer<typeof xaiNode>;

const targetList = z.array(hostPort).default([]);

const publishedPorts = z
  .strictObject({
    prometheus: port.default(9090),
    grafana: port.default(3000),
    alertmanager: port.default(9093),
    loki: port.default(3100),
  })
  .superRefine(uniquePorts);

export const settingsSchema = z
  .strictObject({
    target: z.enum(["docker", "kubernetes"], { error: "expected docker or kubernetes" }),
    environment: name,
    cluster: name,
    retention: z
      .strictObject({
        prometheusTime: positiveDuration.default("30d"),
        prometheusSize: byteSize.optional(),
        lokiPeriod: lokiRetentionPeriod.default("720h"),
      })
      .default({ prometheusTime: "30d", lokiPeriod: "720h" }),
    scrapeInterval: positiveDuration.default("15s"),
    evaluationInterval: positiveDuration.default("15s"),
    xaiNodes: z.array(xaiNode).default([]),
    exporters: z
      .strictObject({
        postgres: targetList,
        redis: targetList,
        validators: targetList,
        dockerEngine: targetList,
      })
      .default({ postgres: [], redis: [], validators: [], dockerEngine: [] }),
    images: z
      .strictObject({
        prometheus: pinnedImage.default(DEFAULT_IMAGES.prometheus),
        grafana: pinnedImage.default(DEFAULT_IMAGES.grafana),
        alertmanager: pinnedImage.default(DEFAULT_IMAGES.alertmanager),
        nodeExporter: pinnedImage.default(DEFAULT_IMAGES.nodeExporter),
        loki: pinnedImage.default(DEFAULT_IMAGES.loki),
        promtail: pinnedImage.default(DEFAULT_IMAGES.promtail),
        alloy: pinnedImage.default(DEFAULT_IMAGES.alloy),
        cadvisor: pinnedImage.default(DEFAULT_IMAGES.cadvisor),
        dockerSocketProxy: pinnedImage.default(DEFAULT_IMAGES.dockerSocketProxy),
      })
      .default(DEFAULT_IMAGES),
    logs: logsSettings,
    containers: z.strictObject({ enabled: z.boolean().default(true) }).default({ enabled: true }),
    expose: z
      .strictObject({
        bindAddress: z.ipv4({ error: "expected an IPv4 address such as 127.0.0.1" }).default("127.0.0.1"),
        ports: publishedPorts.default({ prometheus: 9090, grafana: 3000, alertmanager: 9093, loki: 3100 }),
      })
      .default({
        bindAddress: "127.0.0.1",
        ports: { prometheus: 9090, grafana: 3000, alertmanager: 9093, loki: 3100 },
      }),
    resources: z
      .strictObject(
        Object.fromEntries(SERVICE_NAMES.map((service) => [service, resourceLimit.optional()])) as Record<
          ServiceName,
          z.ZodOptional<typeof resourceLimit>
        >,
      )
      .default({})
      .transform((given): Record<ServiceName, ResourceLimit> => ({
        ...DEFAULT_RESOURCES,
        ...dropUndefined(given),
      })),
    grafana: grafanaSettings,
    alerting: alertingSettings,
    alerts: alertOverrides,
    networks: networkSettings,
    kubernetes: kubernetesSettings,
    runbookBaseUrl: httpUrl.default(
      "https://github.com/xai-blockchain/xai-observability/blob/main/docs/runbooks",
    ),
    expectedVersion: versionString.optional(),
    /** Runs the XAI node simulator as a demo node on the dev stack, so dashboards show data at once. */
    demoNode: z.boolean({ error: "expected true or false" }).default(false),
    rehearsal: rehearsalSettings,
    slos: sloSettings,
  })
  .superRefine((settings, ctx) => {
    checkCrossReferences(settings, ctx);
    if (settings.demoNode && settings.target === "kubernetes") {
      ctx.addIssue({
        code: "custom",
        path: ["demoNode"],
        message: "expected false on the kubernetes target: the demo node is for the dev stack only",
      });
    }
    refuseRepeats(settings.xaiNodes, "name", ctx, (node, index, first) => ({
      path: ["xaiNodes", index, "name"],
      message: `expected a unique node name; "${node.name}" is already used by xaiNodes[${first}]`,
    }));
  });

function dropUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

export type SettingsInput = z.input<typeof settingsSchema>;
export type ParsedSettings = z.output<typeof settingsSchema>;
