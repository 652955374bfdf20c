import type { Thresholds } from "../settings/thresholds";
/* eslint-disable @typescript-eslint/no-deprecated --
 * The SDK marks the classic dashboard model deprecated in favour of dashboard v2, but Grafana 12 serves v2
 * only behind feature flags and a different API, while the Pulumi provider posts the classic model.
 */
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import type * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import { DATASOURCE_UIDS } from "./datasources";
import { XAI_JOB } from "../metrics";
import { DATASOURCE, SCOPE, VARIABLES } from "./queries";

/** The classic dashboard model (schemaVersion 4x), which /api/dashboards/db and the provider accept. */
export type DashboardModel = dashboard.Dashboard;

/** Tag shared by the XAI dashboards; the dashboard links list every dashboard carrying it. */
export const XAI_DASHBOARD_TAG = "xai-blockchain";

/** Stable uids: URLs, links and the Pulumi resources all use them. */
export const DASHBOARD_UIDS = {
  blockchainOverview: "xai-blockchain-overview",
  nodeHealth: "xai-node-health",
  transactionMetrics: "xai-transaction-metrics",
  slo: "xai-slo",
  fleetOverview: "xai-fleet-overview",
} as const;

/** What the dashboards take from the settings. */
export interface DashboardOptions {
  /** Per-node panels draw only this many nodes, the worst ones, when more are selected. */
  readonly topNodes: number;
  /** The stack's effective alert thresholds, which colour the panels. */
  readonly thresholds: Thresholds;
}

/** Panels that show the latest value only: one instant query answers them, not a range over the dashboard. */
const ONE_VALUE_PANELS: ReadonlySet<string> = new Set(["gauge", "stat", "bargauge", "table", "piechart"]);
/** Panels that draw over time: their points follow their width, not Grafana's default of about 1000. */
const OVER_TIME_PANELS: ReadonlySet<string> = new Set(["timeseries", "state-timeline"]);
/** Data points per grid column (24 columns span the screen): about one point every 4 pixels on 1920. */
export const POINTS_PER_COLUMN = 20;
/** Never step below two scrapes of the default 15 s interval, whatever the time range. */
export const MIN_INTERVAL = "30s";

function variable(name: string, label: string, expr: string): dashboard.QueryVariableBuilder {
  return (
    new dashboard.QueryVariableBuilder(name)
      .label(label)
      .datasource(DATASOURCE)
      .query(expr)
      .definition(expr)
      .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
      .sort(dashboard.VariableSort.AlphabeticalAsc)
      .multi(true)
      .includeAll(true)
      // ".*" also matches series without the label (e.g. alerts about the stack itself) when All is chosen.
      .allValue(".*")
      .current({ selected: true, text: "All", value: "$__all" })
  );
}

/** Everything the XAI dashboards share: variables, links, the firing-alerts annotation, time and refresh. */
export function xaiDashboard(title: string, uid: string, description: string): dashboard.DashboardBuilder {
  return new dashboard.DashboardBuilder(title)
    .uid(uid)
    .description(description)
    .tags([XAI_DASHBOARD_TAG])
    .editable()
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .refresh("30s")
    .time({ from: "now-6h", to: "now" })
    .timezone("browser")
    .timepicker(new dashboard.TimePickerBuilder().refreshIntervals(["15s", "30s", "1m", "5m", "15m", "1h"]))
    .withVariable(
      new dashboard.DatasourceVariableBuilder(VARIABLES.datasource)
        .label("Data source")
        .type("prometheus")
        .current({ selected: true, text: "Prometheus", value: DATASOURCE_UIDS.prometheus }),
    )
    .withVariable(variable(VARIABLES.network, "Network", `label_values(up{job="${XAI_JOB}"}, network)`))
    .withVariable(
      variable(
        VARIABLES.node,
        "Node",
        `label_values(up{job="${XAI_JOB}", network=~"$${VARIABLES.network}"}, node)`,
      ),
    )
    .link(
      new dashboard.DashboardLinkBuilder("XAI dashboards")
        .type(dashboard.DashboardLinkType.Dashboards)
        .tags([XAI_DASHBOARD_TAG])
        .asDropdown(false)
        .includeVars(true)
        .keepTime(true),
    )
    .annotation(
      new dashboard.AnnotationQueryBuilder()
        .name("Firing alerts")
        .datasource(DATASOURCE)
        .enable(true)
        .iconColor("red")
        .expr(`ALERTS{alertstate="firing", ${SCOPE}}`)
        .titleFormat("{{alertname}}")
        .textFormat("{{severity}} on {{node}}")
        .tagKeys("severity,node")
        .step("60s"),
    );
}

/**
 * Builds the model and makes each query as cheap as what its panel shows: one-value panels send instant
 * queries, and panels over time ask for points in proportion to their width (unless they set their own).
 * Every query also gets a refId (A, B, ...) in panel order, as Grafana expects: without one, the panel
 * editor and query inspector cannot tell queries apart.
 */
export function finish(builder: dashboard.DashboardBuilder): DashboardModel {
  const model = builder.build();
  for (const panel of model.panels ?? []) {
    if (!("targets" in panel)) continue;
    const oneValue = ONE_VALUE_PANELS.has(panel.type);
    if (OVER_TIME_PANELS.has(panel.type)) {
      panel.maxDataPoints ??= (panel.gridPos?.w ?? 12) * POINTS_PER_COLUMN;
      panel.interval ??= MIN_INTERVAL;
    }
    (panel.targets ?? []).forEach((target, index) => {
      // The SDK types queries opaquely; every query here is a Prometheus query, which has a refId field.
      const promQuery = target as prometheus.Dataquery;
      promQuery.refId ??= String.fromCharCode("A".charCodeAt(0) + index);
      if (oneValue) {
        promQuery.instant = true;
        promQuery.range = false;
      }
    });
  }
  return model;
}
