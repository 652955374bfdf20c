import { z } from "zod";
import { alertingSettings } from "./alerting";
import { alertOverrides, networkSettings } from "./alerts";
import {
  byteSize,
  duration,
  hostPort,
  httpUrl,
  labels,
  memoryLimit,
  name,
  pinnedImage,
  port,
} from "./fields";
import { grafanaSettings } from "./grafana";
import { kubernetesSettings } from "./kubernetes";
import { logsSettings, lokiRetentionPeriod } from "./logs";
import { rehearsalSettings } from "./rehearsal";

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
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/**
 * Default images: pinned stable releases as of November 2026 (checked against upstream release notes).
 * Promtail stays at 3.6.11, its last published image: it reached end of life on 2026-03-02 and
 * Loki 3.7 removed it; choose `logs.shipper: alloy` for a maintained shipper. cAdvisor images moved
 * from gcr.io to ghcr.io with v0.54.
 */
export const DEFAULT_IMAGES = {
  prometheus: "prom/prometheus:v3.14.0",
  grafana: "grafana/grafana:13.2.0",
  alertmanager: "prom/alertmanager:v0.34.0",
  nodeExporter: "prom/node-exporter:v1.12.1",
  loki: "grafana/loki:3.7.7",
  promtail: "grafana/promtail:3.6.11",
  alloy: "grafana/alloy:v1.20.1",
  cadvisor: "ghcr.io/google/cadvisor:v0.60.5",
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
};

const xaiNode = z.strictObject({
  name,
  address: hostPort,
  network: name.default("mainnet"),
  labels: labels.default({}),
});
export type XaiNodeTarget = z.infer<typeof xaiNode>;

const targetList = z.array(hostPort).default([]);

const publishedPorts = z.strictObject({
  prometheus: port.default(9090),
  grafana: port.default(3000),
  alertmanager: port.default(9093),
  loki: port.default(3100),
});

export const settingsSchema = z
  .strictObject({
    target: z.enum(["docker", "kubernetes"], { error: "expected docker or kubernetes" }),
    environment: name,
    cluster: name,
    retention: z
      .strictObject({
        prometheusTime: duration.default("30d"),
        prometheusSize: byteSize.optional(),
        lokiPeriod: lokiRetentionPeriod.default("720h"),
      })
      .default({ prometheusTime: "30d", lokiPeriod: "720h" }),
    scrapeInterval: duration.default("15s"),
    evaluationInterval: duration.default("15s"),
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
    expectedVersion: z.string().min(1).optional(),
    /** Runs the XAI node simulator as a demo node on the dev stack, so dashboards show data at once. */
    demoNode: z.boolean({ error: "expected true or false" }).default(false),
    rehearsal: rehearsalSettings,
  })
  .superRefine((settings, ctx) => {
    if (settings.demoNode && settings.target === "kubernetes") {
      ctx.addIssue({
        code: "custom",
        path: ["demoNode"],
        message: "expected false on the kubernetes target: the demo node is for the dev stack only",
      });
    }
    const seen = new Map<string, number>();
    settings.xaiNodes.forEach((node, index) => {
      const first = seen.get(node.name);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["xaiNodes", index, "name"],
          message: `expected a unique node name; "${node.name}" is already used by xaiNodes[${first}]`,
        });
      } else {
        seen.set(node.name, index);
      }
    });
  });

function dropUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

export type SettingsInput = z.input<typeof settingsSchema>;
export type ParsedSettings = z.output<typeof settingsSchema>;
