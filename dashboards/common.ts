/* eslint-disable @typescript-eslint/no-deprecated --
 * The SDK marks the classic dashboard model deprecated in favour of dashboard v2, but Grafana 12 serves v2
 * only behind feature flags and a different API, while the Pulumi provider posts the classic model.
 */
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import type * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import { DATASOURCE_UIDS } from "../components/grafana/datasources";
import { XAI_JOB } from "../metrics";
import { DATASOURCE, SCOPE, VARIABLES } from "./queries";

/** The classic dashboard model (schemaVersion 4x), which /api/dashboards/db and the provider accept. */
export type DashboardModel = dashboard.Dashboard;

/** Tag shared by the three dashboards; the dashboard links list every dashboard carrying it. */
export const XAI_DASHBOARD_TAG = "xai-blockchain";

/** Stable uids: URLs, links and the Pulumi resources all use them. */
export const DASHBOARD_UIDS = {
  blockchainOverview: "xai-blockchain-overview",
  nodeHealth: "xai-node-health",
  transactionMetrics: "xai-transaction-metrics",
  slo: "xai-slo",
} as const;

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

/** Everything the three dashboards share: variables, links, the firing-alerts annotation, time and refresh. */
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
 * Builds the model and gives every query a refId (A, B, ...) in panel order, as Grafana expects:
 * without one, the panel editor and query inspector cannot tell queries apart.
 */
export function finish(builder: dashboard.DashboardBuilder): DashboardModel {
  const model = builder.build();
  for (const panel of model.panels ?? []) {
    if (!("targets" in panel)) continue;
    (panel.targets ?? []).forEach((target, index) => {
      // The SDK types queries opaquely; every query here is a Prometheus query, which has a refId field.
      const promQuery = target as prometheus.Dataquery;
      promQuery.refId ??= String.fromCharCode("A".charCodeAt(0) + index);
    });
  }
  return model;
}
