import { WATCHDOG_INTEGRATION } from "../../settings/names";
import type { Thresholds } from "../../settings/thresholds";
import { EXPORTER_JOBS, XAI_JOB } from "../../metrics";
import type { AlertGroupSettings, AlertSpec, InputSeries } from "../types";
import { QUIET, exporterSeries, firesWith, xaiUp } from "../cases";
import { aggregate, rate, ratio, selector, increase } from "../promql";

const PROMETHEUS = { job: EXPORTER_JOBS.prometheus, instance: "localhost:9090" };
const ALERTMANAGER = { job: EXPORTER_JOBS.alertmanager, instance: "alertmanager:9093" };

function notifications(sentPerMinute: number, failedPerMinute: number, integration = "slack"): InputSeries[] {
  return [
    exporterSeries("alertmanager_notifications_total", `0+${sentPerMinute}x30`, { integration }),
    exporterSeries("alertmanager_notifications_failed_total", `0+${failedPerMinute}x30`, { integration }),
  ];
}

/** One Alertmanager's member count and its scrape's `up`. */
function clusterMembers(instance: string, members: string, up: string): InputSeries[] {
  return [
    exporterSeries("alertmanager_cluster_members", members, { instance }),
    exporterSeries("up", up, { job: EXPORTER_JOBS.alertmanager, instance }),
  ];
}

function prometheusNotifications(sentPerMinute: number, errorsPerMinute: number): InputSeries[] {
  const alertmanager = { alertmanager: "http://alertmanager:9093/api/v2/alerts" };
  return [
    exporterSeries("prometheus_notifications_sent_total", `0+${sentPerMinute}x30`, alertmanager),
    exporterSeries("prometheus_notifications_errors_total", `0+${errorsPerMinute}x30`, alertmanager),
  ];
}

function reloadFailed(
  name: string,
  series: "prometheus_config_last_reload_successful" | "alertmanager_config_last_reload_successful",
  service: string,
  labels: Readonly<Record<string, string>>,
): AlertSpec {
  return {
    name,
    expr: `${selector(series)} == 0`,
    for: "10m",
    severity: "warning",
    service: "monitoring",
    value: "count",
    summary: (v) => `${service} ${v.label("instance")} failed to reload its configuration`,
    description: (v) =>
      `The last configuration reload of ${service} ${v.label("instance")} failed (success = ${v.value}) 10 or more minutes ago; it still runs the previous configuration and the next restart will fail.`,
    cases: [
      {
        title: "a failed reload fires",
        input: [exporterSeries(series, "1x4 0x30")],
        at: "16m",
        fires: firesWith("0", labels),
      },
      {
        title: "a successful reload stays quiet",
        input: [exporterSeries(series, "1x30")],
        at: "16m",
        fires: QUIET,
      },
    ],
  };
}

export function monitoringAlerts(
  _settings: AlertGroupSettings,
  _thresholds: Thresholds,
): readonly AlertSpec[] {
  const byAlertmanager = ["instance", "alertmanager"];
  const byIntegration = ["instance", "integration"];
  const notWatchdog = { integration: { not: WATCHDOG_INTEGRATION } };
  return [
    {
      name: "TargetDown",
      expr: `${selector("up", { job: { not: XAI_JOB } })} == 0`,
      for: "5m",
      severity: "warning",
      service: "monitoring",
      value: "count",
      summary: (v) => `Scrape target ${v.label("instance")} of job ${v.label("job")} is down`,
      description: (v) =>
        `Prometheus has failed to scrape ${v.label("instance")} (job ${v.label("job")}) for 5 minutes (up = ${v.value}); its metrics and the alerts built on them are missing.`,
      cases: [
        {
          title: "node-exporter down fires",
          input: [exporterSeries("up", "0x20", { job: EXPORTER_JOBS.nodeExporter })],
          at: "10m",
          fires: firesWith("0", { job: EXPORTER_JOBS.nodeExporter, instance: "host-1:9100" }),
        },
        {
          title: "an xai-node target down is left to NodeDown",
          input: [xaiUp("0x20")],
          at: "10m",
          fires: QUIET,
        },
        {
          title: "a target up stays quiet",
          input: [exporterSeries("up", "1x20", { job: EXPORTER_JOBS.cadvisor })],
          at: "10m",
          fires: QUIET,
        },
      ],
    },
    {
      name: "PrometheusRuleEvaluationFailures",
      expr: `${aggregate("sum", increase("prometheus_rule_evaluation_failures_total", "5m"), ["instance", "rule_group"])} > 0`,
      for: "5m",
      severity: "critical",
      service: "monitoring",
      value: "count",
      summary: (v) => `Rule group ${v.label("rule_group")} failed ${v.value} evaluations`,
      description: (v) =>
        `Prometheus ${v.label("instance")} failed ${v.value} rule evaluations of group ${v.label("rule_group")} in the last 5 minutes; alerts of that group cannot fire.`,
      cases: [
        {
          title: "one failure a minute fires",
          input: [
            exporterSeries("prometheus_rule_evaluation_failures_total", "0+1x30", {
              rule_group: "rules/api.yml;api",
            }),
          ],
          at: "15m",
          fires: firesWith("5", { instance: PROMETHEUS.instance, rule_group: "rules/api.yml;api" }),
        },
        {
          title: "no failures stays quiet",
          input: [
            exporterSeries("prometheus_rule_evaluation_failures_total", "0x30", {
              rule_group: "rules/api.yml;api",
            }),
          ],
          at: "15m",
          fires: QUIET,
        },
      ],
    },
    {
      // The Watchdog's integration is left out: when its pings fail, the dead-man's switch stops hearing
      // them and pages by itself, so counting them here would page twice, or forever for a switch whose
      // replies Alertmanager misreads.
      name: "AlertmanagerNotificationsFailing",
      expr: `${ratio(
        aggregate("sum", rate("alertmanager_notifications_failed_total", "15m", notWatchdog), byIntegration),
        aggregate("sum", rate("alertmanager_notifications_total", "15m", notWatchdog), byIntegration),
      )} > 0.01`,
      for: "5m",
      severity: "critical",
      service: "monitoring",
      value: "ratio",
      summary: (v) => `Alertmanager fails to deliver ${v.value} of ${v.label("integration")} notifications`,
      description: (v) =>
        `Alertmanager ${v.label("instance")} failed to deliver ${v.value} of its ${v.label("integration")} notifications over the last 15 minutes; people may not hear about alerts.`,
      cases: [
        {
          title: "2% failed fires",
          input: notifications(100, 2),
          at: "25m",
          fires: firesWith("2%", { instance: ALERTMANAGER.instance, integration: "slack" }),
        },
        { title: "0.9% failed stays quiet", input: notifications(100, 0.9), at: "25m", fires: QUIET },
        {
          title: "every Watchdog ping failing stays quiet: the dead-man's switch pages for it",
          input: notifications(1, 1, WATCHDOG_INTEGRATION),
          at: "25m",
          fires: QUIET,
        },
        {
          title: "failing PagerDuty fires beside a healthy Watchdog",
          input: [...notifications(100, 5, "pagerduty"), ...notifications(1, 0, WATCHDOG_INTEGRATION)],
          at: "25m",
          fires: firesWith("5%", { instance: ALERTMANAGER.instance, integration: "pagerduty" }),
        },
      ],
    },
    {
      name: "PrometheusNotificationErrors",
      expr: `${ratio(
        aggregate("sum", rate("prometheus_notifications_errors_total", "5m"), byAlertmanager),
        aggregate("sum", rate("prometheus_notifications_sent_total", "5m"), byAlertmanager),
      )} > 0.01`,
      for: "15m",
      severity: "warning",
      service: "monitoring",
      value: "ratio",
      summary: (v) => `Prometheus fails to send ${v.value} of alerts to Alertmanager`,
      description: (v) =>
        `Prometheus ${v.label("instance")} failed to send ${v.value} of alert notifications to ${v.label("alertmanager")} over the last 5 minutes.`,
      cases: [
        {
          title: "2% errors fires",
          input: prometheusNotifications(100, 2),
          at: "25m",
          fires: firesWith("2%", {
            instance: PROMETHEUS.instance,
            alertmanager: "http://alertmanager:9093/api/v2/alerts",
          }),
        },
        {
          title: "0.9% errors stays quiet",
          input: prometheusNotifications(100, 0.9),
          at: "25m",
          fires: QUIET,
        },
      ],
    },
    {
      name: "AlertmanagerClusterPeerMissing",
      // Members seen against Alertmanagers discovered (up or down). Not failed_peers: Alertmanager keeps a
      // replaced pod's old IP there until --cluster.reconnect-timeout (6h), so it outlives every restart.
      expr: `${aggregate("max", selector("alertmanager_cluster_members"), ["instance"])} < scalar(count(${selector("up", { job: EXPORTER_JOBS.alertmanager })}))`,
      for: "5m",
      severity: "warning",
      service: "monitoring",
      value: "count",
      summary: (v) => `Alertmanager ${v.label("instance")} sees only ${v.value} cluster members`,
      description: (v) =>
        `Alertmanager ${v.label("instance")} has seen ${v.value} members in its gossip cluster for 5 minutes, fewer than the Alertmanagers Prometheus discovers: a peer is down or cannot gossip. Silences and the notification log are no longer shared with it, so one more failure can lose or duplicate pages.`,
      cases: [
        {
          title: "a peer gone fires on the survivors",
          input: [
            ...clusterMembers("alertmanager-0", "3x5 2x20", "1x5 1x20"),
            ...clusterMembers("alertmanager-1", "3x5 2x20", "1x5 1x20"),
            exporterSeries("up", "1x5 0x20", { job: EXPORTER_JOBS.alertmanager, instance: "alertmanager-2" }),
          ],
          at: "15m",
          fires: [
            ...firesWith("2", { instance: "alertmanager-0" }),
            ...firesWith("2", { instance: "alertmanager-1" }),
          ],
        },
        {
          title: "a full cluster stays quiet",
          input: ["alertmanager-0", "alertmanager-1", "alertmanager-2"].flatMap((instance) =>
            clusterMembers(instance, "3x20", "1x20"),
          ),
          at: "15m",
          fires: QUIET,
        },
        {
          title: "a restart shorter than 5 minutes stays quiet",
          input: [
            ...clusterMembers("alertmanager-0", "3x5 2x2 3x15", "1x20"),
            ...clusterMembers("alertmanager-1", "3x5 2x2 3x15", "1x20"),
            ...clusterMembers("alertmanager-2", "3x5 _x2 3x15", "1x5 0x2 1x15"),
          ],
          // Two minutes into the restart: pending, not firing.
          at: "7m",
          fires: QUIET,
        },
      ],
    },
    reloadFailed(
      "PrometheusConfigReloadFailed",
      "prometheus_config_last_reload_successful",
      "Prometheus",
      PROMETHEUS,
    ),
    reloadFailed(
      "AlertmanagerConfigReloadFailed",
      "alertmanager_config_last_reload_successful",
      "Alertmanager",
      ALERTMANAGER,
    ),
    {
      name: "Watchdog",
      expr: "vector(1)",
      for: "0s",
      severity: "info",
      service: "monitoring",
      value: "count",
      alwaysFires: true,
      summary: () => "Alerting pipeline heartbeat",
      description: () =>
        "This alert always fires. Alertmanager routes it to the dead-man's switch; if the switch stops hearing it, Prometheus, Alertmanager or the path between them is broken.",
      cases: [{ title: "always fires", input: [], at: "1m", fires: firesWith("1", {}) }],
    },
  ];
}
