import type { StackSettings } from "../settings";
import { alertThreshold } from "../settings/alertNames";
import { renderedFor } from "../settings/rehearsal";
import { edgeCases } from "./edgeCases";
import { VALUE_TEMPLATES, type AlertRule, type AlertSpec, type TextVars, type ValueFormat } from "./types";

const TEMPLATE_VARS = (format: ValueFormat): TextVars => ({
  node: "{{ $labels.node }}",
  network: "{{ $labels.network }}",
  value: VALUE_TEMPLATES[format],
  label: (name) => `{{ $labels.${name} }}`,
});

function concreteVars(labels: Readonly<Record<string, string>>, value: string): TextVars {
  // Prometheus expands a missing label to the empty string; mirror it.
  const label = (name: string): string => labels[name] ?? "";
  return { node: label("node"), network: label("network"), value, label };
}

export function runbookUrl(settings: StackSettings, alertName: string): string {
  return `${settings.runbookBaseUrl}/${alertName}.md`;
}

/** Turns one alert spec into a rendered alert rule for one stack. */
export function buildAlert(group: string, spec: AlertSpec, settings: StackSettings): AlertRule {
  const url = runbookUrl(settings, spec.name);
  const templates = TEMPLATE_VARS(spec.value);
  return {
    name: spec.name,
    group,
    expr: spec.expr,
    for: renderedFor(spec.for, settings.rehearsal),
    severity: spec.severity,
    service: spec.service,
    labels: {},
    threshold: alertThreshold(spec.name),
    summary: spec.summary(templates),
    description: spec.description(templates),
    inhibits: spec.inhibits ?? [],
    runbookUrl: url,
    value: spec.value,
    cases: [...spec.cases, ...edgeCases(spec)],
    alwaysFires: spec.alwaysFires ?? false,
    annotate: (labels, valueText) => {
      const vars = concreteVars(labels, valueText);
      return { summary: spec.summary(vars), description: spec.description(vars), runbook_url: url };
    },
  };
}
