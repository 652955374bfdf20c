/**
 * Descriptions for settings whose schema field carries no doc comment. A doc comment (or zod `.describe()`)
 * on the field itself wins over an entry here, so prefer writing it there. A `*` matches one path segment.
 */
export const FALLBACK_DESCRIPTIONS: Readonly<Record<string, { description: string; defaultText?: string }>> =
  {
    target: { description: "Where the stack runs: `docker` for the dev stack, `kubernetes` for prod." },
    environment: {
      description: "Environment name, added to every series as the `environment` external label.",
      defaultText: "the stack name",
    },
    cluster: {
      description: "Cluster name, added to every series as the `cluster` external label; alerts group by it.",
      defaultText: "`xai-<stack>`",
    },
    "retention.prometheusTime": {
      description: "How long Prometheus keeps samples (the `--storage.tsdb.retention.time` flag).",
    },
    "retention.prometheusSize": {
      description: "Optional size cap for the TSDB; the oldest blocks go first when it is reached.",
    },
    "retention.lokiPeriod": {
      description: "How long Loki keeps logs before its compactor deletes them; a whole number of days.",
    },
    scrapeInterval: {
      description: "How often Prometheus scrapes every target; also Grafana's minimum step.",
    },
    evaluationInterval: { description: "How often Prometheus evaluates the alert and recording rules." },
    xaiNodes: { description: "XAI nodes scraped as job `xai-node`; an empty list is allowed." },
    "xaiNodes[].name": {
      description: "Unique node name; becomes the `node` label on every series of the node.",
    },
    "xaiNodes[].address": { description: "Where the node serves `/metrics`, as host:port." },
    "xaiNodes[].network": { description: "Becomes the `network` label (mainnet, testnet, ...)." },
    "xaiNodes[].labels": { description: "Extra target labels for this node; keep them low-cardinality." },
    "exporters.postgres": { description: "PostgreSQL exporter targets, scraped as job `postgres`." },
    "exporters.redis": { description: "Redis exporter targets, scraped as job `redis`." },
    "exporters.validators": { description: "Validator metric endpoints, scraped as job `validators`." },
    "exporters.dockerEngine": {
      description:
        "The Docker engine's own metrics endpoint (`metrics-addr`), scraped as job `docker-engine`.",
    },
    "images.*": {
      description:
        "Pinned image of this service: an explicit tag, optionally with a digest; `latest` is rejected.",
    },
    "containers.enabled": {
      description: "Runs cAdvisor for per-container metrics (the `containers` profile).",
    },
    "expose.bindAddress": {
      description:
        "Host address the dev stack publishes its ports on; keep it on loopback unless a proxy fronts it.",
    },
    "expose.ports.*": { description: "Host port this service is published on (dev)." },
    "resources.*.memory": { description: "Memory limit of this service's container." },
    "resources.*.cpus": { description: "CPU limit of this service's container, in CPUs." },
    "alerting.slackChannels.*": { description: "Slack channel that this route's receiver posts to." },
    "alerting.serviceRoutes.*": {
      description: "Alert `service` label values routed to this team's channel.",
    },
    "alerting.email.from": { description: "Sender address of alert mail." },
    "alerting.email.smarthost": { description: "SMTP server as host:port." },
    "alerting.email.requireTls": { description: "Refuse to send mail without STARTTLS." },
    "alerting.timings.*.groupWait": {
      description: "How long a new alert group waits for more alerts before its first notification.",
    },
    "alerting.timings.*.groupInterval": {
      description: "How long to wait before notifying about alerts added to a group already notified.",
    },
    "alerting.timings.*.repeatInterval": {
      description: "How often a still-firing group is notified again.",
    },
    alerts: {
      description:
        "Per alert name: `enabled`, `for`, `severity`, `labels` and, where the alert has one, `threshold`. See docs/alerting.md (Overrides).",
    },
    networks: {
      description:
        "Per network (the `network` label): `thresholds` for that network only (affected rules split by network), and `referenceHeights`: reference nodes or explorer exporters (`name`, `address` host:port, `metric` holding the height) the stack scrapes; nodes' lag counts from the median of the fresh ones. See docs/alerting.md.",
    },
    "kubernetes.namespace": { description: "Namespace every prod resource lives in." },
    "kubernetes.storage.*": { description: "PersistentVolumeClaim size for this service." },
    "kubernetes.ingress.className": { description: "IngressClass of the Ingresses." },
    "kubernetes.ingress.hosts.*": { description: "Host name of this UI's Ingress; unset means no Ingress." },
    "kubernetes.ingress.controller.namespace": { description: "Namespace of the ingress controller's pods." },
    "kubernetes.ingress.controller.podLabels": { description: "Labels of the ingress controller's pods." },
    "kubernetes.xaiPods.enabled": { description: "Discover XAI node pods through the Kubernetes API." },
    "kubernetes.xaiPods.metricsPath": { description: "HTTP path of the pods' metrics endpoint." },
    "kubernetes.prometheus.remoteWrite": {
      description: "Remote-write destinations (Mimir, Thanos receive, ...); see docs/SCALING.md.",
    },
    "kubernetes.prometheus.remoteWrite[].url": { description: "Remote-write endpoint URL." },
    runbookBaseUrl: {
      description: "Base of every alert's `runbook_url`; the alert name and `.md` are appended.",
    },
    expectedVersion: {
      description:
        "XAI node version the fleet should run; NodeUpgradeRequired fires for others. Unset: the fleet's most common version.",
    },
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
export function fallbackFor(path: string): { description: string; defaultText?: string } | undefined {
  const exact = FALLBACK_DESCRIPTIONS[path];
  if (exact) return exact;
  const pattern = Object.keys(FALLBACK_DESCRIPTIONS).find(
    (key) => key.includes("*") && fallbackMatches(key, path),
  );
  return pattern === undefined ? undefined : FALLBACK_DESCRIPTIONS[pattern];
}
