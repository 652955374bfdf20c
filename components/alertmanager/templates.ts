import type { RenderedFile } from "../../rules/rendered";

/** The Grafana dashboard a notification links to when the alert names none (DASHBOARD_UIDS.nodeHealth). */
export const NODE_HEALTH_DASHBOARD_UID = "xai-node-health";

export const TEMPLATES_FILE = "templates/xai.tmpl";

/** Names the receivers use; each is defined in the file below (a test checks they all render). */
export const TEMPLATE_NAMES = [
  "slack.default.title",
  "slack.default.text",
  "slack.critical.text",
  "email.default.subject",
  "email.default.html",
  "pagerduty.default.description",
  "xai.pagerduty.alerts",
] as const;

export interface TemplateLinks {
  /** Grafana as users reach it, without a trailing slash. */
  readonly grafanaUrl: string;
}

/**
 * Notification templates. Defining the `*.default.*` names replaces Alertmanager's built-in ones, so
 * every integration that uses its defaults (e.g. the PagerDuty description) shows the same content.
 * Alertmanager parses these with both text/template and html/template (email HTML is auto-escaped).
 */
export function renderAlertmanagerTemplates(links: TemplateLinks): RenderedFile {
  const dashboardBase = `${links.grafanaUrl}/d/${NODE_HEALTH_DASHBOARD_UID}`;
  const content = String.raw`{{/* XAI observability notification templates (generated; edit components/alertmanager/templates.ts). */}}

{{/* ---- shared pieces ---- */}}

{{ define "xai.status" }}{{ if eq .Status "firing" }}FIRING{{ else }}RESOLVED{{ end }}{{ end }}

{{ define "xai.counts" }}{{ .Alerts.Firing | len }} firing, {{ .Alerts.Resolved | len }} resolved{{ end }}

{{/* Alerts from npm run notify-test carry test="true": every title says so first. */}}
{{ define "xai.title" -}}
{{ if eq .CommonLabels.test "true" }}[TEST - no action needed] {{ end -}}
[{{ template "xai.status" . }}:{{ .Alerts.Firing | len }}/{{ .Alerts.Resolved | len }}] {{ or .CommonLabels.alertname "Several alerts" }}
{{- with .CommonLabels.node }} on {{ . }}{{ end }}
{{- with .CommonLabels.cluster }} ({{ . }}){{ end }}
{{- end }}

{{/* A silence pre-filled with the labels that define the group (alertname, node, network, cluster). */}}
{{ define "xai.silence.url" -}}
{{ .ExternalURL }}/#/silences/new?filter=%7B
{{- range $index, $label := .GroupLabels.SortedPairs }}{{ if $index }}%2C{{ end }}{{ $label.Name }}%3D%22{{ $label.Value | urlquery }}%22{{ end -}}
%7D
{{- end }}

{{ define "xai.alert.dashboard.url" -}}
{{ if .Annotations.dashboard_url }}{{ .Annotations.dashboard_url }}{{ else }}${dashboardBase}{{ with .Labels.node }}?var-node={{ . | urlquery }}{{ end }}{{ end }}
{{- end }}

{{ define "xai.alert.duration" }}{{ (.EndsAt.Sub .StartsAt).Round 1000000000 }}{{ end }}

{{/* One alert as plain text; Slack renders the *bold* markup. */}}
{{ define "xai.alert.text" -}}
*{{ .Labels.alertname }}* ({{ .Status }}): {{ or .Annotations.summary "no summary" }}
severity: {{ or .Labels.severity "none" }} | node: {{ or .Labels.node "n/a" }} | cluster: {{ or .Labels.cluster "n/a" }}
{{- with .Annotations.description }}
{{ . }}{{ end }}
{{- if eq .Status "resolved" }}
Fired for {{ template "xai.alert.duration" . }}{{ end }}
Runbook: {{ or .Annotations.runbook_url "none" }}
Dashboard: {{ template "xai.alert.dashboard.url" . }}
{{- end }}

{{ define "xai.alerts.text" -}}
{{ template "xai.counts" . }}
{{- range .Alerts.Firing }}

{{ template "xai.alert.text" . }}{{ end }}
{{- range .Alerts.Resolved }}

{{ template "xai.alert.text" . }}{{ end }}

Silence: {{ template "xai.silence.url" . }}
{{- end }}

{{/* ---- Slack ---- */}}

{{ define "slack.default.title" }}{{ template "xai.title" . }}{{ end }}

{{ define "slack.default.text" }}{{ template "xai.alerts.text" . }}{{ end }}

{{ define "slack.critical.text" -}}
{{ if eq .Status "firing" }}:rotating_light: *Critical: on-call has been paged.*{{ else }}:white_check_mark: *Critical resolved.*{{ end }}
{{ template "xai.alerts.text" . }}
{{- end }}

{{/* ---- email ---- */}}

{{ define "email.default.subject" }}{{ template "xai.title" . }}{{ end }}

{{ define "email.default.html" -}}
<!DOCTYPE html>
<html><body style="font-family: sans-serif">
<h2>{{ template "xai.title" . }}</h2>
<p>{{ template "xai.counts" . }}</p>
{{- range .Alerts }}
<div style="border-left: 4px solid {{ if eq .Status "firing" }}#d9534f{{ else }}#5cb85c{{ end }}; padding-left: 8px; margin-bottom: 12px">
<p><strong>{{ .Labels.alertname }}</strong> ({{ .Status }}): {{ or .Annotations.summary "no summary" }}</p>
<p>severity: {{ or .Labels.severity "none" }} | node: {{ or .Labels.node "n/a" }} | cluster: {{ or .Labels.cluster "n/a" }}</p>
{{- with .Annotations.description }}
<p>{{ . }}</p>{{ end }}
{{- if eq .Status "resolved" }}
<p>Fired for {{ template "xai.alert.duration" . }}</p>{{ end }}
<p>{{ with .Annotations.runbook_url }}<a href="{{ . }}">Runbook</a> | {{ end }}<a href="{{ template "xai.alert.dashboard.url" . }}">Dashboard</a></p>
</div>
{{- end }}
<p><a href="{{ template "xai.silence.url" . }}">Silence this group</a> | <a href="{{ .ExternalURL }}">Alertmanager</a></p>
</body></html>
{{- end }}

{{/* ---- PagerDuty ---- */}}

{{ define "pagerduty.default.description" }}{{ template "xai.title" . }}{{ with .CommonAnnotations.summary }}: {{ . }}{{ end }}{{ end }}

{{/*
  Called with .Alerts.Firing or .Alerts.Resolved: a JSON list with one object per alert. Alertmanager parses
  each rendered PagerDuty detail as YAML, so the event carries a real list; toJson quotes every value.
*/}}
{{ define "xai.pagerduty.alerts" -}}
[{{ range $index, $alert := . }}{{ if $index }}, {{ end }}{{ template "xai.pagerduty.alert" $alert }}{{ end }}]
{{- end }}

{{ define "xai.pagerduty.alert" -}}
{"alertname": {{ toJson .Labels.alertname }}, "severity": {{ toJson (or .Labels.severity "none") }}, "node": {{ toJson (or .Labels.node "n/a") }}, "cluster": {{ toJson (or .Labels.cluster "n/a") }}, "summary": {{ toJson (or .Annotations.summary "no summary") }}, "runbook_url": {{ toJson (or .Annotations.runbook_url "none") }}, "starts_at": {{ toJson .StartsAt }}
{{- if eq .Status "resolved" }}, "fired_for": {{ toJson ((.EndsAt.Sub .StartsAt).Round 1000000000).String }}{{ end }}}
{{- end }}
`;
  return { relativePath: TEMPLATES_FILE, content };
}
