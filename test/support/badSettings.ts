/**
 * The hostile-input corpus: stack files that `render` (and so `pulumi up`, which shares the settings
 * code) must refuse with one clear error, or accept with a warning. test/scripts/render.corpus.live.test.ts runs
 * every case; `npm run docs` prints the count per class in the README's reliability section.
 */

export const CORPUS_CLASSES = {
  labels: "target labels that change the scrape",
  templates: "values that reach templates or headers raw",
  durations: "durations Prometheus refuses or replaces",
  regex: "regexes RE2 refuses",
  duplicates: "duplicate names and ports",
  sizes: "sizes Docker or Kubernetes treat specially",
  kubernetesKeys: "invalid Kubernetes label and annotation keys",
  paths: "unsafe paths",
  references: "references to things that do not exist",
  typos: "misspelt namespaces and keys",
  types: "wrong types and forms",
  stackFiles: "broken stack and project files",
  transport: "unsafe transport",
  output: "output folders render does not own",
  credentials: "credentials in refused values",
  alertOverrides: "alert overrides that name nothing or change routing",
} as const;
export type CorpusClass = keyof typeof CORPUS_CLASSES;

export interface RefusedCase {
  readonly group: CorpusClass;
  readonly title: string;
  readonly target?: "docker" | "kubernetes";
  /** Top-level settings laid over the base stack (a docker or kubernetes target), deep-merged. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** The whole Pulumi.<stack>.yaml text, instead of `settings`. */
  readonly stackFile?: string;
  /** Pulumi.yaml text; null leaves it out. */
  readonly projectFile?: string | null;
  /** `--out` is a folder render did not write (foreign) or a plain file. */
  readonly out?: "foreign" | "file";
  /** The message names this key (or file). */
  readonly key: string;
  /** The message states this expected form. */
  readonly expected: string;
  /** Text that must never be printed, e.g. a credential in the refused value. */
  readonly hidden?: string;
}

export interface WarnedCase {
  readonly title: string;
  readonly target?: "docker" | "kubernetes";
  readonly settings: Readonly<Record<string, unknown>>;
  readonly warning: string;
}

const node = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: "xai-node-1",
  address: "10.0.0.5:8000",
  ...extra,
});

const withLabels = (labels: Record<string, string>): Record<string, unknown> => ({
  xaiNodes: [node({ labels })],
});

const LABEL_CASES: RefusedCase[] = [
  "job",
  "instance",
  "node",
  "network",
  "environment",
  "cluster",
  "__address__",
  "__metrics_path__",
  "__scheme__",
  "__param_target",
  "__param_module",
  "__name__",
  "__meta_custom",
  "__scrape_interval__",
  "__tmp_x",
].map((label) => ({
  group: "labels",
  title: `target label ${label}`,
  settings: withLabels({ [label]: "x" }),
  key: `xaiNodes[0].labels.${label}`,
  expected: label.startsWith("__") ? 'not starting with "__"' : "expected a label other than",
}));

const SCRAPED_LABEL_CASES: RefusedCase[] = ["version", "le", "quantile", "status", "endpoint"].map(
  (label) => ({
    group: "labels",
    title: `target label ${label} the node exposes`,
    settings: withLabels({ [label]: "x" }),
    key: `xaiNodes[0].labels.${label}`,
    expected: "expected a label the XAI node does not expose itself",
  }),
);

const LABEL_NAME_CASES: RefusedCase[] = ["1region", "re-gion", "région", "a.b", "a b", ""].map((label) => ({
  group: "labels",
  title: `label name ${JSON.stringify(label)}`,
  settings: withLabels({ [label]: "x" }),
  key: "xaiNodes[0].labels",
  expected: "expected a Prometheus label name",
}));

const TEMPLATE_CASES: RefusedCase[] = [
  ...["{{ .Value }}", "1.0}}", "{{", "1.0 beta", '1"0', "1.0\n2", "", "-1.0", "v1/2"].map(
    (version): RefusedCase => ({
      group: "templates",
      title: `expectedVersion ${JSON.stringify(version)}`,
      settings: { expectedVersion: version },
      key: "expectedVersion",
      expected: "expected a version such as",
    }),
  ),
  ...[
    "https://wiki.example.org/{{ .Labels.node }}",
    "https://wiki.example.org/}}",
    'https://wiki.example.org/"x',
    "https://wiki.example.org/a b",
    "https://wiki.example.org/a\\b",
  ].map((url): RefusedCase => ({
    group: "templates",
    title: `runbookBaseUrl ${JSON.stringify(url)}`,
    settings: { runbookBaseUrl: url },
    key: "runbookBaseUrl",
    expected: "expected a URL without spaces, quotes, braces",
  })),
  ...[
    "javascript:alert(1)",
    "grafana.example.org",
    "https://grafana.example.org/{{x}}",
    "ftp://g.example.org",
  ].map((url): RefusedCase => ({
    group: "templates",
    title: `grafana.rootUrl ${JSON.stringify(url)}`,
    settings: { grafana: { rootUrl: url } },
    key: "grafana.rootUrl",
    expected: "expected",
  })),
  {
    group: "templates",
    title: "alerting.externalUrl with a template",
    settings: { alerting: { externalUrl: "https://am.example.org/{{ .ExternalURL }}" } },
    key: "alerting.externalUrl",
    expected: "expected a URL without spaces, quotes, braces",
  },
];

const DURATION_KEYS: [string, (value: string) => Record<string, unknown>][] = [
  ["scrapeInterval", (value) => ({ scrapeInterval: value })],
  ["evaluationInterval", (value) => ({ evaluationInterval: value })],
  ["retention.prometheusTime", (value) => ({ retention: { prometheusTime: value } })],
  ["grafana.queryTimeout", (value) => ({ grafana: { queryTimeout: value } })],
  ["logs.limits.queryTimeout", (value) => ({ logs: { limits: { queryTimeout: value } } })],
];

const DURATION_CASES: RefusedCase[] = [
  ...DURATION_KEYS.flatMap(([key, build]) =>
    ["30m1h", "1h1h", "15", "99999999999999999999s", "1.5h", "-5m", "15 s", "5M", "0s", "0m0s"].map(
      (value): RefusedCase => ({
        group: "durations",
        title: `${key} ${JSON.stringify(value)}`,
        settings: build(value),
        key,
        expected: value.startsWith("0") ? "expected a duration above 0s" : "expected a",
      }),
    ),
  ),
  ...["0s", "12h", "30m1h"].map((value): RefusedCase => ({
    group: "durations",
    title: `retention.lokiPeriod ${value}`,
    settings: { retention: { lokiPeriod: value } },
    key: "retention.lokiPeriod",
    expected: "expected",
  })),
  {
    group: "durations",
    title: "alerting.timings.default.groupInterval 0s",
    settings: {
      alerting: { timings: { default: { groupWait: "30s", groupInterval: "0s", repeatInterval: "4h" } } },
    },
    key: "alerting.timings.default.groupInterval",
    expected: "expected a duration above 0s",
  },
  {
    group: "durations",
    title: "alerting.timings.default.repeatInterval 4h1d",
    settings: {
      alerting: { timings: { default: { groupWait: "30s", groupInterval: "5m", repeatInterval: "4h1d" } } },
    },
    key: "alerting.timings.default.repeatInterval",
    expected: "expected a duration such as",
  },
  {
    group: "durations",
    title: "rehearsal.maxAlertFor 0s",
    settings: { rehearsal: { maxAlertFor: "0s" } },
    key: "rehearsal.maxAlertFor",
    expected: "expected a duration above 0s",
  },
];

const REGEX_CASES: RefusedCase[] = [
  "xai_(?=node).*",
  "xai_(?!node).*",
  "(?<=xai_)node",
  "(?<!xai_)node",
  "(a)\\1",
  "(?<n>a)\\k<n>",
  "a*+",
  "a++",
  "(?>a)",
  "\\u0041",
  "\\cA",
  "a{1001}",
  "a**",
  "(",
  "a)",
  "[a",
  "*a",
  "(?#comment)a",
].map((pattern) => ({
  group: "regex",
  title: `keepMetricsRegex ${JSON.stringify(pattern)}`,
  target: "kubernetes",
  settings: {
    kubernetes: {
      prometheus: {
        remoteWrite: [{ name: "mimir", url: "https://mimir.example.org/push", keepMetricsRegex: pattern }],
      },
    },
  },
  key: "kubernetes.prometheus.remoteWrite[0].keepMetricsRegex",
  expected: "expected an RE2 regular expression",
}));

const DUPLICATE_CASES: RefusedCase[] = [
  {
    group: "duplicates",
    title: "two remoteWrite targets with one name",
    target: "kubernetes",
    settings: {
      kubernetes: {
        prometheus: {
          remoteWrite: [
            { name: "mimir", url: "https://a.example.org/push" },
            { name: "mimir", url: "https://b.example.org/push" },
          ],
        },
      },
    },
    key: "kubernetes.prometheus.remoteWrite[1].name",
    expected: "expected a unique remote-write name",
  },
  ...(
    [
      ["grafana", 9090],
      ["alertmanager", 9090],
      ["loki", 3000],
      ["loki", 9093],
    ] as const
  ).map(([service, port]): RefusedCase => ({
    group: "duplicates",
    title: `expose.ports.${service} ${String(port)} taken`,
    settings: { expose: { ports: { [service]: port } } },
    key: `expose.ports.${service}`,
    expected: "expected a port no other service publishes",
  })),
  {
    group: "duplicates",
    title: "two nodes with one name",
    settings: { xaiNodes: [node(), node({ address: "10.0.0.6:8000" })] },
    key: "xaiNodes[1].name",
    expected: "expected a unique node name",
  },
  {
    group: "duplicates",
    title: "two log directories for one node",
    settings: {
      xaiNodes: [node()],
      logs: {
        xaiNodeLogs: [
          { node: "xai-node-1", directory: "/a" },
          { node: "xai-node-1", directory: "/b" },
        ],
      },
    },
    key: "logs.xaiNodeLogs[1].node",
    expected: "expected one log directory per node",
  },
  {
    group: "duplicates",
    title: "a service in two alert channels",
    settings: { alerting: { serviceRoutes: { network: ["network", "host"] } } },
    key: "alerting.serviceRoutes.network[1]",
    expected: "expected each service in one channel only",
  },
];

const SIZE_CASES: RefusedCase[] = [
  ...["0Mi", "0Gi", "00Mi", "512M", "1.5Gi", "-1Gi", "99999999Gi"].map((memory): RefusedCase => ({
    group: "sizes",
    title: `resources.prometheus.memory ${memory}`,
    settings: { resources: { prometheus: { memory, cpus: 1 } } },
    key: "resources.prometheus.memory",
    expected: "expected a memory size in Mi or Gi above 0",
  })),
  ...[0, -1].map((cpus): RefusedCase => ({
    group: "sizes",
    title: `resources.grafana.cpus ${String(cpus)}`,
    settings: { resources: { grafana: { memory: "512Mi", cpus } } },
    key: "resources.grafana.cpus",
    expected: "expected a positive number of CPUs",
  })),
  ...["0GB", "45", "45 GB"].map((size): RefusedCase => ({
    group: "sizes",
    title: `retention.prometheusSize ${size}`,
    settings: { retention: { prometheusSize: size } },
    key: "retention.prometheusSize",
    expected: "expected a size such as",
  })),
  ...["0Gi", "50GB"].map((size): RefusedCase => ({
    group: "sizes",
    title: `kubernetes.storage.loki ${size}`,
    target: "kubernetes",
    settings: { kubernetes: { storage: { loki: size } } },
    key: "kubernetes.storage.loki",
    expected: "expected a storage size",
  })),
  ...[0, 11, 1.5].map((replicas): RefusedCase => ({
    group: "sizes",
    title: `kubernetes.replicas.prometheus ${String(replicas)}`,
    target: "kubernetes",
    settings: { kubernetes: { replicas: { prometheus: replicas } } },
    key: "kubernetes.replicas.prometheus",
    expected: "expected a whole number of replicas",
  })),
];

const REPLICA_LABEL_CASES: RefusedCase[] = [
  "cluster",
  "environment",
  "__name__",
  "node",
  "job",
  "instance",
].map((label) => ({
  group: "labels",
  title: `kubernetes.prometheus.replicaLabel ${label}`,
  target: "kubernetes",
  settings: { kubernetes: { prometheus: { replicaLabel: label } } },
  key: "kubernetes.prometheus.replicaLabel",
  expected: "expected a label name used by nothing else",
}));

const KUBERNETES_KEY_CASES: RefusedCase[] = [
  ...["-app", "app/", "Example.com/name", "a/b/c", "x".repeat(64), "app name", "app:name"].map(
    (key): RefusedCase => ({
      group: "kubernetesKeys",
      title: `ingress.controller.podLabels key ${JSON.stringify(key.length > 20 ? `${key.slice(0, 8)}…` : key)}`,
      target: "kubernetes",
      settings: { kubernetes: { ingress: { controller: { podLabels: { [key]: "nginx" } } } } },
      key: "kubernetes.ingress.controller.podLabels",
      expected: "expected a Kubernetes label key such as",
    }),
  ),
  ...["nginx controller", "-nginx", "x".repeat(64)].map((value): RefusedCase => ({
    group: "kubernetesKeys",
    title: `ingress.controller.podLabels value ${JSON.stringify(value.length > 20 ? `${value.slice(0, 8)}…` : value)}`,
    target: "kubernetes",
    settings: { kubernetes: { ingress: { controller: { podLabels: { app: value } } } } },
    key: "kubernetes.ingress.controller.podLabels.app",
    expected: "expected a Kubernetes label value",
  })),
  ...["nginx.ingress.kubernetes.io/auth url", "/auth-url", "-x"].map((key): RefusedCase => ({
    group: "kubernetesKeys",
    title: `ingress.annotations key ${JSON.stringify(key)}`,
    target: "kubernetes",
    settings: { kubernetes: { ingress: { annotations: { [key]: "x" } } } },
    key: "kubernetes.ingress.annotations",
    expected: "expected an annotation key such as",
  })),
];

const PATH_CASES: RefusedCase[] = [
  ...[
    "/",
    "//",
    "/var/lib/../../etc",
    "/var/lib/xai/..",
    "/var/lib\n/xai",
    "/var/lib/xai\t",
    "var/lib/xai",
    "",
  ].map((directory): RefusedCase => ({
    group: "paths",
    title: `log directory ${JSON.stringify(directory)}`,
    settings: { xaiNodes: [node()], logs: { xaiNodeLogs: [{ node: "xai-node-1", directory }] } },
    key: "logs.xaiNodeLogs[0].directory",
    expected: "expected",
  })),
  ...["metrics", "/metrics\n", "/metrics?x=1", "/me trics"].map((metricsPath): RefusedCase => ({
    group: "paths",
    title: `xaiPods.metricsPath ${JSON.stringify(metricsPath)}`,
    target: "kubernetes",
    settings: { kubernetes: { xaiPods: { metricsPath } } },
    key: "kubernetes.xaiPods.metricsPath",
    expected: "expected a",
  })),
];

const REFERENCE_CASES: RefusedCase[] = [
  {
    group: "references",
    title: "log directory for a node that is not scraped",
    settings: {
      xaiNodes: [node()],
      logs: { xaiNodeLogs: [{ node: "xai-node-2", directory: "/var/lib/xai/logs" }] },
    },
    key: "logs.xaiNodeLogs[0].node",
    expected: "expected the name of a node in xaiNodes",
  },
  {
    group: "references",
    title: "log directory with no nodes at all",
    settings: { logs: { xaiNodeLogs: [{ node: "xai-node-1", directory: "/var/lib/xai/logs" }] } },
    key: "logs.xaiNodeLogs[0].node",
    expected: "expected the name of a node in xaiNodes",
  },
  {
    group: "references",
    title: "demo node on kubernetes",
    target: "kubernetes",
    settings: { demoNode: true },
    key: "demoNode",
    expected: "expected false on the kubernetes target",
  },
];

const TYPO_CASES: RefusedCase[] = [
  ...[
    "xai-observabilty",
    "xai-obsrvability",
    "xai-observability2",
    "xai_observability",
    "Xai-Observability",
  ].map((namespace): RefusedCase => ({
    group: "typos",
    title: `namespace ${namespace}`,
    stackFile: `config:\n  xai-observability:target: docker\n  ${namespace}:scrapeInterval: 30s\n`,
    key: `${namespace}:scrapeInterval`,
    expected: "expected xai-observability:scrapeInterval",
  })),
  ...(
    [
      ["scrapeIntreval", "scrapeInterval"],
      ["xaiNode", "xaiNodes"],
      ["expectedversion", "expectedVersion"],
      ["runbookBaseURL", "runbookBaseUrl"],
    ] as const
  ).map(([typo, right]): RefusedCase => ({
    group: "typos",
    title: `top-level key ${typo}`,
    settings: { [typo]: "x" },
    key: typo,
    expected: `did you mean ${right}?`,
  })),
  {
    group: "typos",
    title: "nested key retention.prometheusTme",
    settings: { retention: { prometheusTme: "30d" } },
    key: "retention.prometheusTme",
    expected: "did you mean prometheusTime?",
  },
];

const TYPE_CASES: RefusedCase[] = [
  {
    group: "types",
    title: "scrapeInterval as a bare number",
    stackFile: "config:\n  xai-observability:target: docker\n  xai-observability:scrapeInterval: 15\n",
    key: "scrapeInterval",
    expected: "expected a duration such as 15s",
  },
  {
    group: "types",
    title: "target swarm",
    settings: { target: "swarm" },
    key: "target",
    expected: "expected docker or kubernetes",
  },
  {
    group: "types",
    title: "demoNode yes",
    settings: { demoNode: "yes" },
    key: "demoNode",
    expected: "expected true or false",
  },
  {
    group: "types",
    title: "xaiNodes as an object",
    settings: { xaiNodes: { name: "x" } },
    key: "xaiNodes",
    expected: "expected a list",
  },
  {
    group: "types",
    title: "node address without port",
    settings: { xaiNodes: [node({ address: "10.0.0.5" })] },
    key: "xaiNodes[0].address",
    expected: "expected host:port",
  },
  {
    group: "types",
    title: "node address port 0",
    settings: { xaiNodes: [node({ address: "10.0.0.5:0" })] },
    key: "xaiNodes[0].address",
    expected: "port from 1 to 65535",
  },
  {
    group: "types",
    title: "node address port 70000",
    settings: { xaiNodes: [node({ address: "10.0.0.5:70000" })] },
    key: "xaiNodes[0].address",
    expected: "port from 1 to 65535",
  },
  {
    group: "types",
    title: "upper-case node name",
    settings: { xaiNodes: [node({ name: "Node1" })] },
    key: "xaiNodes[0].name",
    expected: "expected a lower-case name",
  },
  {
    group: "types",
    title: "label value as a number",
    settings: withLabels({ region: 5 as unknown as string }),
    key: "xaiNodes[0].labels.region",
    expected: "expected a text label value",
  },
  {
    group: "types",
    title: "environment with spaces",
    settings: { environment: "my env" },
    key: "environment",
    expected: "expected a lower-case name",
  },
  {
    group: "types",
    title: "bindAddress a host name",
    settings: { expose: { bindAddress: "localhost" } },
    key: "expose.bindAddress",
    expected: "expected an IPv4 address",
  },
  {
    group: "types",
    title: "published port 0",
    settings: { expose: { ports: { grafana: 0 } } },
    key: "expose.ports.grafana",
    expected: "expected a port number",
  },
  {
    group: "types",
    title: "image tag latest",
    settings: { images: { grafana: "grafana/grafana:latest" } },
    key: "images.grafana",
    expected: "expected an explicit version tag",
  },
  {
    group: "types",
    title: "image without tag",
    settings: { images: { loki: "grafana/loki" } },
    key: "images.loki",
    expected: "expected a pinned image",
  },
  {
    group: "types",
    title: "logs.shipper fluentd",
    settings: { logs: { shipper: "fluentd" } },
    key: "logs.shipper",
    expected: "expected alloy or promtail",
  },
  {
    group: "types",
    title: "critical groupWait 1m",
    settings: {
      alerting: { timings: { critical: { groupWait: "1m", groupInterval: "1m", repeatInterval: "5m" } } },
    },
    key: "alerting.timings.critical.groupWait",
    expected: "expected at most 10s",
  },
  {
    group: "types",
    title: "slack channel without #",
    settings: { alerting: { slackChannels: { critical: "xai-critical" } } },
    key: "alerting.slackChannels.critical",
    expected: "expected a Slack channel",
  },
  {
    group: "types",
    title: "email address invalid",
    settings: {
      alerting: { email: { to: ["oncall"], from: "a@example.org", smarthost: "smtp.example.org:587" } },
    },
    key: "alerting.email.to[0]",
    expected: "expected an email address",
  },
  {
    group: "types",
    title: "grafana plugin with a URL",
    settings: { grafana: { plugins: ["https://evil.example.org/p.zip"] } },
    key: "grafana.plugins[0]",
    expected: "expected a plugin id",
  },
  {
    group: "types",
    title: "secret key in plain text",
    stackFile:
      "config:\n  xai-observability:target: docker\n  xai-observability:pagerdutyRoutingKey: R0UT1NGK3Y\n",
    key: "pagerdutyRoutingKey",
    expected: "expected a secret",
    hidden: "R0UT1NGK3Y",
  },
];

const STACK_FILE_CASES: RefusedCase[] = [
  {
    group: "stackFiles",
    title: "YAML syntax error",
    stackFile: "config:\n  xai-observability:target: [docker\n",
    key: "Pulumi.case.yaml",
    expected: "invalid YAML at line",
  },
  {
    group: "stackFiles",
    title: "duplicate key",
    stackFile: "config:\n  xai-observability:target: docker\n  xai-observability:target: kubernetes\n",
    key: "Pulumi.case.yaml",
    expected: "Map keys must be unique",
  },
  {
    group: "stackFiles",
    title: "tab indentation",
    stackFile: "config:\n\txai-observability:target: docker\n",
    key: "Pulumi.case.yaml",
    expected: "invalid YAML",
  },
  {
    group: "stackFiles",
    title: "config is a list",
    stackFile: "config:\n  - xai-observability:target: docker\n",
    key: "Pulumi.case.yaml",
    expected: "expected config: to be a mapping",
  },
  {
    group: "stackFiles",
    title: "document is a string",
    stackFile: "just text\n",
    key: "Pulumi.case.yaml",
    expected: "expected a YAML mapping",
  },
  {
    group: "stackFiles",
    title: "missing Pulumi.yaml",
    settings: {},
    projectFile: null,
    key: "Pulumi.yaml",
    expected: "no project file",
  },
  {
    group: "stackFiles",
    title: "broken Pulumi.yaml",
    settings: {},
    projectFile: "name: [xai\n",
    key: "Pulumi.yaml",
    expected: "invalid YAML",
  },
  {
    group: "stackFiles",
    title: "Pulumi.yaml without a name",
    settings: {},
    projectFile: "runtime: nodejs\n",
    key: "Pulumi.yaml",
    expected: "expected a project name",
  },
  {
    group: "stackFiles",
    title: "Pulumi.yaml with duplicate keys",
    settings: {},
    projectFile: "name: a\nname: b\n",
    key: "Pulumi.yaml",
    expected: "Map keys must be unique",
  },
];

const TRANSPORT_CASES: RefusedCase[] = [
  ...["http://grafana.example.org", "http://10.0.0.9:3000", "http://grafana:3000"].map(
    (url): RefusedCase => ({
      group: "transport",
      title: `kubernetes.grafanaUrl ${url}`,
      target: "kubernetes",
      settings: { kubernetes: { grafanaUrl: url } },
      key: "kubernetes.grafanaUrl",
      expected: "expected an https:// URL",
    }),
  ),
];

const OUTPUT_CASES: RefusedCase[] = [
  {
    group: "output",
    title: "--out is a folder render did not write",
    settings: {},
    out: "foreign",
    key: "--out",
    expected: "refusing to replace a folder render did not write",
  },
  {
    group: "output",
    title: "--out is a file",
    settings: {},
    out: "file",
    key: "--out",
    expected: "this is not a folder",
  },
];

const CREDENTIAL_CASES: RefusedCase[] = [
  {
    group: "credentials",
    title: "password in runbookBaseUrl",
    settings: { runbookBaseUrl: "https://admin:hunter2secret@wiki.example.org/" },
    key: "runbookBaseUrl",
    expected: "expected a URL without",
    hidden: "hunter2secret",
  },
  {
    group: "credentials",
    title: "token in a remote-write URL query",
    target: "kubernetes",
    settings: {
      kubernetes: {
        prometheus: {
          remoteWrite: [
            { name: "m", url: "https://m.example.org/push?token=t0psecr3t {", keepMetricsRegex: "x" },
          ],
        },
      },
    },
    key: "kubernetes.prometheus.remoteWrite[0].url",
    expected: "expected a URL without spaces",
    hidden: "t0psecr3t",
  },
  {
    group: "credentials",
    title: "password in grafanaUrl over http",
    target: "kubernetes",
    settings: { kubernetes: { grafanaUrl: "http://admin:s3cr3tpass@grafana.example.org" } },
    key: "kubernetes.grafanaUrl",
    expected: "expected",
    hidden: "s3cr3tpass",
  },
];

const ALERT_OVERRIDE_CASES: readonly RefusedCase[] = [
  {
    group: "alertOverrides",
    title: "an alert that does not exist",
    settings: { alerts: { LowHashRate: { enabled: false } } },
    key: "alerts.LowHashRate",
    expected: "expected the name of an alert; valid names:",
  },
  {
    group: "alertOverrides",
    title: "a fee threshold above the fee histogram's top bucket",
    settings: { alerts: { HighTransactionFees: { threshold: 25, for: "20m" } } },
    key: "alerts.HighTransactionFees.threshold",
    expected: "the histogram's top bucket",
  },
  {
    group: "alertOverrides",
    title: "a label that would change routing",
    settings: { alerts: { NodeDown: { labels: { severity: "info" } } } },
    key: "alerts.NodeDown.labels",
    expected: "severity",
  },
  {
    group: "alertOverrides",
    title: "a severity Alertmanager does not route",
    settings: { alerts: { LowPeerCount: { severity: "page" } } },
    key: "alerts.LowPeerCount.severity",
    expected: "critical",
  },
  {
    group: "alertOverrides",
    title: "a field an alert does not have",
    settings: { alerts: { LowPeerCount: { window: "5m" } } },
    key: "alerts.LowPeerCount",
    expected: "window",
  },
];

export const REFUSED_CASES: readonly RefusedCase[] = [
  ...LABEL_CASES,
  ...SCRAPED_LABEL_CASES,
  ...LABEL_NAME_CASES,
  ...REPLICA_LABEL_CASES,
  ...TEMPLATE_CASES,
  ...DURATION_CASES,
  ...REGEX_CASES,
  ...DUPLICATE_CASES,
  ...SIZE_CASES,
  ...KUBERNETES_KEY_CASES,
  ...PATH_CASES,
  ...REFERENCE_CASES,
  ...TYPO_CASES,
  ...TYPE_CASES,
  ...STACK_FILE_CASES,
  ...TRANSPORT_CASES,
  ...OUTPUT_CASES,
  ...CREDENTIAL_CASES,
  ...ALERT_OVERRIDE_CASES,
];

/** Legal but dangerous: render succeeds and prints the warning (pulumi preview prints the same list). */
export const WARNED_CASES: readonly WarnedCase[] = [
  {
    title: "bindAddress 0.0.0.0",
    settings: { expose: { bindAddress: "0.0.0.0" } },
    warning: "expose.bindAddress 0.0.0.0 publishes Prometheus, Alertmanager, Loki",
  },
  {
    title: "bindAddress on a LAN address",
    settings: { expose: { bindAddress: "192.168.1.10" } },
    warning: "none of them has a login",
  },
  {
    title: "kubernetes settings on docker",
    settings: { kubernetes: { namespace: "xai" } },
    warning: "kubernetes: these settings apply to the kubernetes target only",
  },
  {
    title: "expose settings on kubernetes",
    target: "kubernetes",
    settings: { expose: { bindAddress: "127.0.0.1" } },
    warning: "expose: these settings apply to the docker target only",
  },
  {
    title: "alert channels without credentials",
    settings: {},
    warning: "alert channel(s) have no credentials",
  },
  {
    title: "demo node with the placeholder node",
    settings: {
      demoNode: true,
      xaiNodes: [{ name: "xai-node-1", address: "host.docker.internal:8000", network: "testnet" }],
    },
    warning: "demoNode: the placeholder node xai-node-1",
  },
];

/** Counts per class, for the README's reliability section. */
export function corpusSummary(): { total: number; warned: number; byClass: [string, number][] } {
  const byClass = Object.entries(CORPUS_CLASSES).map(([group, label]): [string, number] => [
    label,
    REFUSED_CASES.filter((testCase) => testCase.group === group).length,
  ]);
  return { total: REFUSED_CASES.length, warned: WARNED_CASES.length, byClass };
}
