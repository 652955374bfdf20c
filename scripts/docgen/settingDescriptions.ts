export interface SettingFallback {
  readonly description: string;
  readonly defaultText?: string;
}

/**
 * Descriptions for settings whose schema field carries no doc comment. A doc comment (or zod `.describe()`)
 * on the field itself wins over an entry here, so prefer writing it there. A `*` matches one path segment.
 * An entry is the description, or that and the text shown instead of the schema's default.
 */
export const FALLBACK_DESCRIPTIONS: Readonly<Record<string, string | SettingFallback>> = {
  target: "Where the stack runs: `docker` for the dev stack, `kubernetes` for prod.",
  environment: {
    description: "Environment name, added to every series as the `environment` external label.",
    defaultText: "the stack name",
  },
  cluster: {
    description: "Cluster name, added to every series as the `cluster` external label; alerts group by it.",
    defaultText: "`xai-<stack>`",
  },
  "retention.prometheusTime": "How long Prometheus keeps samples (the `--storage.tsdb.retention.time` flag).",
  "retention.prometheusSize":
    "Optional size cap for the TSDB; the oldest blocks go first when it is reached.",
  "retention.lokiPeriod":
    "How long Loki keeps logs before its compactor deletes them; a whole number of days.",
  scrapeInterval: "How often Prometheus scrapes every target; also Grafana's minimum step.",
  evaluationInterval: "How often Prometheus evaluates the alert and recording rules.",
  xaiNodes: "XAI nodes scraped as job `xai-node`; an empty list is allowed.",
  "xaiNodes[].name": "Unique node name; becomes the `node` label on every series of the node.",
  "xaiNodes[].address": "Where the node serves `/metrics`, as host:port.",
  "xaiNodes[].network": "Becomes the `network` label (mainnet, testnet, ...).",
  "xaiNodes[].labels": "Extra target labels for this node; keep them low-cardinality.",
  "exporters.postgres": "PostgreSQL exporter targets, scraped as job `postgres`.",
  "exporters.redis": "Redis exporter targets, scraped as job `redis`.",
  "exporters.validators": "Validator metric endpoints, scraped as job `validators`.",
  "exporters.dockerEngine":
    "The Docker engine's own metrics endpoint (`metrics-addr`), scraped as job `docker-engine`.",
  "images.*":
    "Pinned image of this service: an explicit tag, optionally with a digest; `latest` is rejected.",
  "containers.enabled": "Runs cAdvisor for per-container metrics (the `containers` profile).",
  "expose.bindAddress":
    "Host address the dev stack publishes its ports on; keep it on loopback unless a proxy fronts it.",
  "expose.ports.*": "Host port this service is published on (dev).",
  "resources.*.memory": "Memory limit of this service's container.",
  "resources.*.cpus": "CPU limit of this service's container, in CPUs.",
  "alerting.slackChannels.*": "Slack channel that this route's receiver posts to.",
  "alerting.serviceRoutes.*": "Alert `service` label values routed to this team's channel.",
  "alerting.email.from": "Sender address of alert mail.",
  "alerting.email.smarthost": "SMTP server as host:port.",
  "alerting.email.requireTls": "Refuse to send mail without STARTTLS.",
  "alerting.timings.*.groupWait":
    "How long a new alert group waits for more alerts before its first notification.",
  "alerting.timings.*.groupInterval":
    "How long to wait before notifying about alerts added to a group already notified.",
  "alerting.timings.*.repeatInterval": "How often a still-firing group is notified again.",
  alerts:
    "Per alert name: `enabled`, `for`, `severity`, `labels` and, where the alert has one, `threshold`. See docs/alerting.md (Overrides).",
  networks:
    "Per network (the `network` label): `thresholds` for that network only (affected rules split by network), and `referenceHeights`: reference nodes or explorer exporters (`name`, `address` host:port, `metric` holding the height) the stack scrapes; nodes' lag counts from the median of the fresh ones. See docs/alerting.md.",
  "kubernetes.namespace": "Namespace every prod resource lives in.",
  "kubernetes.storage.*": "PersistentVolumeClaim size for this service.",
  "kubernetes.ingress.className": "IngressClass of the Ingresses.",
  "kubernetes.ingress.hosts.*": "Host name of this UI's Ingress; unset means no Ingress.",
  "kubernetes.ingress.controller.namespace": "Namespace of the ingress controller's pods.",
  "kubernetes.ingress.controller.podLabels": "Labels of the ingress controller's pods.",
  "kubernetes.xaiPods.enabled": "Discover XAI node pods through the Kubernetes API.",
  "kubernetes.xaiPods.metricsPath": "HTTP path of the pods' metrics endpoint.",
  "kubernetes.prometheus.remoteWrite":
    "Remote-write destinations (Mimir, Thanos receive, ...); see docs/SCALING.md.",
  "kubernetes.prometheus.remoteWrite[].url": "Remote-write endpoint URL.",
  runbookBaseUrl: "Base of every alert's `runbook_url`; the alert name and `.md` are appended.",
  expectedVersion:
    "XAI node version the fleet should run; NodeUpgradeRequired fires for others. Unset: the fleet's most common version.",
};

/** True when a fallback key (with `*` for one segment) names this setting path. */
export function fallbackMatches(pattern: string, path: string): boolean {
  const patternParts = pattern.split(".");
  const pathParts = path.split(".");
  return (
    patternParts.length === pathParts.length &&
    patternParts.every((part, index) => part === "*" || part === pathParts[index])
  );
}

/** The fallback for a path: an exact entry first, then the first matching pattern. */
export function fallbackFor(path: string): SettingFallback | undefined {
  const pattern = Object.keys(FALLBACK_DESCRIPTIONS).find(
    (key) => key.includes("*") && fallbackMatches(key, path),
  );
  const found =
    FALLBACK_DESCRIPTIONS[path] ?? (pattern === undefined ? undefined : FALLBACK_DESCRIPTIONS[pattern]);
  return typeof found === "string" ? { description: found } : found;
}
