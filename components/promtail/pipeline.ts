import type { StackSettings } from "../../settings";
import type { XaiNodeLogSource } from "../../settings/logs";

/**
 * Pipeline stages in Promtail's schema. This is the one definition of how logs are parsed and labelled:
 * promtail.yaml embeds it as YAML and config.alloy translates each stage into its `stage.*` block.
 */
export type PipelineStage =
  | { readonly json: { readonly expressions: Readonly<Record<string, string>> } }
  | {
      readonly timestamp: {
        readonly source: string;
        readonly format: string;
        readonly fallback_formats: readonly string[];
        readonly location: string;
        readonly action_on_failure: "fudge" | "skip";
      };
    }
  | { readonly template: { readonly source: string; readonly template: string } }
  | { readonly labels: Readonly<Record<string, string>> }
  | { readonly regex: { readonly source: string; readonly expression: string } }
  | { readonly static_labels: Readonly<Record<string, string>> }
  | {
      readonly match: {
        readonly selector: string;
        readonly pipeline_name: string;
        readonly stages: readonly PipelineStage[];
      };
    }
  | { readonly structured_metadata: Readonly<Record<string, string>> }
  | {
      readonly drop: {
        readonly source: string;
        readonly value: string;
        readonly drop_counter_reason: string;
      };
    }
  | { readonly output: { readonly source: string } }
  | { readonly logfmt: { readonly mapping: Readonly<Record<string, string>> } }
  | { readonly cri: Readonly<Record<string, never>> };

export type StageName = PipelineStage extends infer S ? (S extends unknown ? keyof S : never) : never;

export function stageName(stage: PipelineStage): StageName {
  const [name] = Object.keys(stage) as StageName[];
  if (name === undefined) throw new Error("empty pipeline stage");
  return name;
}

/** The main format carries an offset (RFC 3339); the metrics module logger omits it and means UTC. */
export const XAI_TIMESTAMP_FORMAT = "RFC3339Nano";
export const XAI_TIMESTAMP_FALLBACK_FORMATS = ["2006-01-02T15:04:05.999999999"] as const;
export const XAI_TIMESTAMP_LOCATION = "UTC";

/** Label value for records whose level is missing or null. */
export const UNKNOWN_LEVEL = "unknown";

/** Fields read from each JSON record (JMESPath). `logger || name` covers both formats. */
export const XAI_JSON_EXPRESSIONS = {
  timestamp: "timestamp",
  level: "level",
  logger: "logger || name",
  event: "event",
  method: "method",
  status: "status",
} as const;

/** Label of the event prefix (`p2p.peer_connected` -> `p2p`), never the full event name. */
const EVENT_PREFIX_EXPRESSION = "^(?P<event_prefix>[A-Za-z0-9_-]+)";
const STATUS_CLASS_EXPRESSION = "^(?P<status_digit>[1-5])[0-9]{2}$";

/**
 * The XAI node pipeline, in order: json, timestamp, level, logger, event prefix, static labels, the
 * api.request access-log fields as structured metadata, optional DEBUG drop, and an output stage that
 * keeps the whole JSON line. A missing or null field never drops a record: every stage skips silently.
 */
export function xaiNodePipeline(settings: StackSettings, source: XaiNodeLogSource): PipelineStage[] {
  const stages: PipelineStage[] = [
    { json: { expressions: XAI_JSON_EXPRESSIONS } },
    {
      timestamp: {
        source: "timestamp",
        format: XAI_TIMESTAMP_FORMAT,
        fallback_formats: XAI_TIMESTAMP_FALLBACK_FORMATS,
        location: XAI_TIMESTAMP_LOCATION,
        // Keeps order within the stream when a record has no parseable timestamp.
        action_on_failure: "fudge",
      },
    },
    {
      template: {
        source: "level",
        template: `{{ if .Value }}{{ .Value }}{{ else }}${UNKNOWN_LEVEL}{{ end }}`,
      },
    },
    { labels: { level: "level" } },
    { labels: { logger: "logger" } },
    { regex: { source: "event", expression: EVENT_PREFIX_EXPRESSION } },
    { labels: { event: "event_prefix" } },
    {
      static_labels: {
        node: source.node,
        network: source.network,
        environment: settings.environment,
      },
    },
    {
      match: {
        selector: '{event="api"}',
        pipeline_name: "api_access",
        stages: [
          { regex: { source: "status", expression: STATUS_CLASS_EXPRESSION } },
          {
            template: {
              source: "status_class",
              template: "{{ if .status_digit }}{{ .status_digit }}xx{{ end }}",
            },
          },
          // Method and status class stay queryable per line without becoming stream labels.
          { structured_metadata: { method: "method", status_class: "status_class" } },
        ],
      },
    },
  ];
  if (settings.logs.dropDebug) {
    stages.push({ drop: { source: "level", value: "DEBUG", drop_counter_reason: "debug_level" } });
  }
  stages.push(
    { template: { source: "full_line", template: "{{ .Entry }}" } },
    { output: { source: "full_line" } },
  );
  return stages;
}

/** Prometheus logs in logfmt; only its level becomes a label. */
export function prometheusPipeline(): PipelineStage[] {
  return [{ logfmt: { mapping: { level: "level" } } }, { labels: { level: "level" } }];
}
