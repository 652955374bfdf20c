import { DOCKER_API_HOST } from "../dockerSocketProxy/config";
import { LOKI_PUSH_URL } from "../loki/config";
import { prometheusPipeline, xaiNodePipeline, type PipelineStage } from "../promtail/pipeline";
import {
  JOBS,
  JOURNAL_PATH,
  SYSLOG_PATH,
  dockerLabelRules,
  journalLabelRules,
  podLabelRules,
  prometheusContainerRule,
  xaiLogFilePath,
  type RelabelRule,
} from "../promtail/sources";
import type { StackSettings } from "../../settings";
import {
  attr,
  block,
  componentLabel,
  ref,
  writeAlloy,
  type AlloyBlock,
  type AlloyReference,
  type AlloyStatement,
} from "./syntax";

const WRITE_RECEIVER = ref("loki.write.default.receiver");

/** One Promtail stage as the equivalent Alloy `stage.*` block (same names and semantics). */
export function alloyStage(stage: PipelineStage): AlloyBlock {
  if ("json" in stage) return block("stage.json", undefined, [attr("expressions", stage.json.expressions)]);
  if ("timestamp" in stage) {
    const t = stage.timestamp;
    return block("stage.timestamp", undefined, [
      attr("source", t.source),
      attr("format", t.format),
      attr("fallback_formats", t.fallback_formats),
      attr("location", t.location),
      attr("action_on_failure", t.action_on_failure),
    ]);
  }
  if ("template" in stage) {
    return block("stage.template", undefined, [
      attr("source", stage.template.source),
      attr("template", stage.template.template),
    ]);
  }
  if ("labels" in stage) return block("stage.labels", undefined, [attr("values", stage.labels)]);
  if ("regex" in stage) {
    return block("stage.regex", undefined, [
      attr("source", stage.regex.source),
      attr("expression", stage.regex.expression),
    ]);
  }
  if ("static_labels" in stage)
    return block("stage.static_labels", undefined, [attr("values", stage.static_labels)]);
  if ("match" in stage) {
    return block("stage.match", undefined, [
      attr("selector", stage.match.selector),
      attr("pipeline_name", stage.match.pipeline_name),
      ...stage.match.stages.map(alloyStage),
    ]);
  }
  if ("structured_metadata" in stage) {
    return block("stage.structured_metadata", undefined, [attr("values", stage.structured_metadata)]);
  }
  if ("drop" in stage) {
    return block("stage.drop", undefined, [
      attr("source", stage.drop.source),
      attr("value", stage.drop.value),
      attr("drop_counter_reason", stage.drop.drop_counter_reason),
    ]);
  }
  if ("output" in stage) return block("stage.output", undefined, [attr("source", stage.output.source)]);
  if ("logfmt" in stage) return block("stage.logfmt", undefined, [attr("mapping", stage.logfmt.mapping)]);
  return block("stage.cri", undefined, []);
}

function ruleBlock(rule: RelabelRule): AlloyBlock {
  const body: AlloyStatement[] = [];
  if (rule.source_labels) body.push(attr("source_labels", rule.source_labels));
  if (rule.separator !== undefined) body.push(attr("separator", rule.separator));
  if (rule.regex !== undefined) body.push(attr("regex", rule.regex));
  if (rule.target_label !== undefined) body.push(attr("target_label", rule.target_label));
  if (rule.replacement !== undefined) body.push(attr("replacement", rule.replacement));
  if (rule.action !== undefined) body.push(attr("action", rule.action));
  return block("rule", undefined, body);
}

function processBlock(label: string, stages: readonly PipelineStage[]): AlloyBlock {
  return block("loki.process", label, [...stages.map(alloyStage), attr("forward_to", [WRITE_RECEIVER])]);
}

function xaiNodeBlocks(settings: StackSettings): AlloyBlock[] {
  return settings.logs.xaiNodeLogs.flatMap((source) => {
    const label = componentLabel(source.node);
    return [
      block("local.file_match", label, [
        attr("path_targets", [{ __path__: xaiLogFilePath(source), job: JOBS.xaiNode }]),
      ]),
      block("loki.source.file", label, [
        attr("targets", ref(`local.file_match.${label}.targets`)),
        attr("forward_to", [ref(`loki.process.${label}.receiver`)]),
      ]),
      processBlock(label, xaiNodePipeline(settings, source)),
    ];
  });
}

/** Discovery relabelling filters and labels the targets, so each docker source reads only its containers. */
function dockerBlocks(settings: StackSettings): AlloyBlock[] {
  const labels = dockerLabelRules(settings.environment);
  const discovered = ref("discovery.docker.containers.targets");
  /** The discovered containers with Prometheus kept or dropped, read into `forwardTo` under `job`. */
  const source = (
    name: string,
    prometheus: "keep" | "drop",
    job: string,
    forwardTo: AlloyReference,
  ): AlloyBlock[] => [
    block("discovery.relabel", name, [
      attr("targets", discovered),
      ...[...labels, prometheusContainerRule(prometheus)].map(ruleBlock),
    ]),
    block("loki.source.docker", name, [
      attr("host", DOCKER_API_HOST),
      attr("targets", ref(`discovery.relabel.${name}.output`)),
      attr("labels", { job }),
      attr("forward_to", [forwardTo]),
    ]),
  ];
  return [
    block("discovery.docker", "containers", [attr("host", DOCKER_API_HOST), attr("refresh_interval", "15s")]),
    ...source("containers", "drop", JOBS.containers, WRITE_RECEIVER),
    ...source("prometheus", "keep", JOBS.prometheus, ref("loki.process.prometheus.receiver")),
    processBlock("prometheus", prometheusPipeline()),
  ];
}

/** On Kubernetes Alloy is a DaemonSet: it discovers this node's pods and tails /var/log/pods. */
function podBlocks(settings: StackSettings): AlloyBlock[] {
  return [
    block("discovery.kubernetes", "pods", [
      attr("role", "pod"),
      block("selectors", undefined, [
        attr("role", "pod"),
        attr("field", ref('string.format("spec.nodeName=%s", sys.env("HOSTNAME"))')),
      ]),
    ]),
    block("discovery.relabel", "pods", [
      attr("targets", ref("discovery.kubernetes.pods.targets")),
      ...[...podLabelRules(settings.environment), { target_label: "job", replacement: JOBS.pods }].map(
        ruleBlock,
      ),
    ]),
    block("local.file_match", "pods", [attr("path_targets", ref("discovery.relabel.pods.output"))]),
    block("loki.source.file", "pods", [
      attr("targets", ref("local.file_match.pods.targets")),
      attr("forward_to", [ref("loki.process.pods.receiver")]),
    ]),
    processBlock("pods", [{ cri: {} }]),
  ];
}

function systemBlocks(settings: StackSettings): AlloyBlock[] {
  const labels = { job: "", environment: settings.environment };
  switch (settings.logs.systemLogs) {
    case "journal":
      return [
        block("discovery.relabel", "journal", [attr("targets", []), ...journalLabelRules().map(ruleBlock)]),
        block("loki.source.journal", "system", [
          attr("path", JOURNAL_PATH),
          attr("max_age", "12h"),
          attr("labels", { ...labels, job: JOBS.journal }),
          attr("relabel_rules", ref("discovery.relabel.journal.rules")),
          attr("forward_to", [WRITE_RECEIVER]),
        ]),
      ];
    case "syslog":
      return [
        block("local.file_match", "syslog", [
          attr("path_targets", [{ __path__: SYSLOG_PATH, ...labels, job: JOBS.syslog }]),
        ]),
        block("loki.source.file", "syslog", [
          attr("targets", ref("local.file_match.syslog.targets")),
          attr("forward_to", [WRITE_RECEIVER]),
        ]),
      ];
    case "off":
      return [];
  }
}

export function alloyBlocks(settings: StackSettings): AlloyBlock[] {
  return [
    block("logging", undefined, [attr("level", "info"), attr("format", "logfmt")]),
    ...xaiNodeBlocks(settings),
    ...(settings.target === "kubernetes" ? podBlocks(settings) : dockerBlocks(settings)),
    ...systemBlocks(settings),
    block("loki.write", "default", [block("endpoint", undefined, [attr("url", LOKI_PUSH_URL)])]),
  ];
}

/**
 * config.alloy: the same sources and pipelines as Promtail, in Alloy syntax. Read positions live in
 * Alloy's storage path (a volume), so restarts resume where they stopped.
 */
export function renderAlloyConfig(settings: StackSettings): string {
  return writeAlloy(alloyBlocks(settings));
}
