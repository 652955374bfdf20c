/* eslint-disable @typescript-eslint/no-deprecated --
 * The SDK marks the classic dashboard model deprecated in favour of dashboard v2, but Grafana 12 serves v2
 * only behind feature flags and a different API, while the Pulumi provider posts the classic model.
 */
import * as common from "@grafana/grafana-foundation-sdk/common";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { PanelBuilder as GaugeBuilder } from "@grafana/grafana-foundation-sdk/gauge";
import {
  PanelBuilder as PieChartBuilder,
  PieChartLegendOptionsBuilder,
  PieChartType,
} from "@grafana/grafana-foundation-sdk/piechart";
import { PanelBuilder as BarGaugeBuilder } from "@grafana/grafana-foundation-sdk/bargauge";
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import { PanelBuilder as StatBuilder } from "@grafana/grafana-foundation-sdk/stat";
import { PanelBuilder as TimeseriesBuilder } from "@grafana/grafana-foundation-sdk/timeseries";
import { DATASOURCE_UIDS } from "../components/grafana/datasources";
import { XAI_JOB, type XaiCounter, type XaiGauge, type XaiHistogram } from "../metrics";
import type { RecordingRuleName } from "../rules/recording";

/** The classic dashboard model (schemaVersion 4x), which /api/dashboards/db and the provider accept. */
export type DashboardModel = dashboard.Dashboard;

/** Tag shared by the three dashboards; the dashboard links list every dashboard carrying it. */
export const XAI_DASHBOARD_TAG = "xai-blockchain";

/** Stable uids: URLs, links and the Pulumi resources all use them. */
export const DASHBOARD_UIDS = {
  blockchainOverview: "xai-blockchain-overview",
  nodeHealth: "xai-node-health",
  transactionMetrics: "xai-transaction-metrics",
} as const;

/** The dashboard variables every dashboard declares and every query applies. */
export const VARIABLES = { datasource: "datasource", network: "network", node: "node" } as const;

const DATASOURCE: common.DataSourceRef = { type: "prometheus", uid: `\${${VARIABLES.datasource}}` };

/** Matchers that scope a query to the selected networks and nodes. */
const SCOPE = `network=~"$${VARIABLES.network}", node=~"$${VARIABLES.node}"`;

/** Every series an XAI node exposes (the contract's counters, gauges and histogram parts). */
export type XaiSeries = XaiCounter | XaiGauge | `${XaiHistogram}_${"bucket" | "sum" | "count"}`;

/** Selects one XAI node series, scoped to the XAI job and the dashboard variables. */
export function xai(series: XaiSeries, extraMatchers = ""): string {
  const extra = extraMatchers === "" ? "" : `, ${extraMatchers}`;
  return `${series}{job="${XAI_JOB}", ${SCOPE}${extra}}`;
}

/**
 * Selects a recording rule's output. Recording rules keep the node and network labels but may drop job,
 * so only the variables scope them.
 */
export function recorded(rule: RecordingRuleName, extraMatchers = ""): string {
  const extra = extraMatchers === "" ? "" : `, ${extraMatchers}`;
  return `${rule}{${SCOPE}${extra}}`;
}

/** Series Prometheus writes itself (not exported by any target), used by variables and annotations. */
export const PROMETHEUS_SERIES = ["up", "ALERTS"] as const;

export function query(expr: string, legend: string): prometheus.DataqueryBuilder {
  return new prometheus.DataqueryBuilder().datasource(DATASOURCE).expr(expr).legendFormat(legend);
}

/** p50, p95 and p99 of a histogram across the selected nodes: buckets summed `by (le)` first. */
export function quantileQueries(
  histogram: XaiHistogram,
  window = "$__rate_interval",
): prometheus.DataqueryBuilder[] {
  return [0.5, 0.95, 0.99].map((quantile) =>
    query(
      `histogram_quantile(${quantile}, sum by (le) (rate(${xai(`${histogram}_bucket`)}[${window}])))`,
      `p${Math.round(quantile * 100)}`,
    ),
  );
}

/** Bucket counts over the dashboard's time range, one bar per bucket bound. */
export function bucketDistributionQuery(histogram: XaiHistogram): prometheus.DataqueryBuilder {
  return query(`sum by (le) (increase(${xai(`${histogram}_bucket`)}[$__range]))`, "{{le}}")
    .format(prometheus.PromQueryFormat.Heatmap)
    .instant();
}

/**
 * One colour for values that have no good or bad range. Without explicit thresholds Grafana applies its
 * default (red from 80), which would paint block heights, uptimes and counts red.
 */
export function neutralThresholds(): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder()
    .mode(dashboard.ThresholdsMode.Absolute)
    .steps([{ value: null, color: "blue" }]);
}

/** Green below the one alert threshold, orange from it. */
export function warningThreshold(warning: number): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps([
    { value: null, color: "green" },
    { value: warning, color: "orange" },
  ]);
}

/** Green below `warning`, orange from `warning`, red from `critical`: the same numbers as the alerts. */
export function alertThresholds(warning: number, critical: number): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps([
    { value: null, color: "green" },
    { value: warning, color: "orange" },
    { value: critical, color: "red" },
  ]);
}

export function timeseries(title: string, unit: string): TimeseriesBuilder {
  return new TimeseriesBuilder()
    .title(title)
    .datasource(DATASOURCE)
    .unit(unit)
    .height(8)
    .span(12)
    .lineWidth(2)
    .fillOpacity(15)
    .showPoints(common.VisibilityMode.Never)
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .placement(common.LegendPlacement.Bottom)
        .displayMode(common.LegendDisplayMode.List),
    )
    .tooltip(
      new common.VizTooltipOptionsBuilder()
        .mode(common.TooltipDisplayMode.Multi)
        .sort(common.SortOrder.Descending),
    );
}

/** A percentage over time with the alert thresholds drawn as dashed lines. */
export function percentTimeseries(title: string, warning: number, critical: number): TimeseriesBuilder {
  return timeseries(title, "percent")
    .min(0)
    .max(100)
    .thresholds(alertThresholds(warning, critical))
    .thresholdsStyle(
      new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed),
    );
}

export function stat(title: string, unit: string): StatBuilder {
  return new StatBuilder()
    .title(title)
    .datasource(DATASOURCE)
    .unit(unit)
    .thresholds(neutralThresholds())
    .height(6)
    .span(6)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]))
    .colorMode(common.BigValueColorMode.Value)
    .graphMode(common.BigValueGraphMode.Area);
}

export function gauge(title: string, unit: string): GaugeBuilder {
  return new GaugeBuilder()
    .title(title)
    .datasource(DATASOURCE)
    .unit(unit)
    .thresholds(neutralThresholds())
    .height(6)
    .span(6)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]))
    .showThresholdMarkers(true);
}

/** A 0-100 % gauge whose colour changes exactly where the warning and critical alerts fire. */
export function percentGauge(title: string, warning: number, critical: number): GaugeBuilder {
  return gauge(title, "percent").min(0).max(100).thresholds(alertThresholds(warning, critical));
}

export function pieChart(title: string, unit: string): PieChartBuilder {
  return new PieChartBuilder()
    .title(title)
    .datasource(DATASOURCE)
    .unit(unit)
    .height(8)
    .span(12)
    .pieType(PieChartType.Donut)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]))
    .legend(
      new PieChartLegendOptionsBuilder()
        .showLegend(true)
        .placement(common.LegendPlacement.Right)
        .displayMode(common.LegendDisplayMode.Table),
    );
}

/** One bar per histogram bucket; the unit describes the bucket bounds' quantity (shown in the legend). */
export function distribution(title: string, unit: string): BarGaugeBuilder {
  return new BarGaugeBuilder()
    .title(title)
    .datasource(DATASOURCE)
    .unit(unit)
    .thresholds(neutralThresholds())
    .height(8)
    .span(12)
    .orientation(common.VizOrientation.Vertical)
    .displayMode(common.BarGaugeDisplayMode.Gradient)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]));
}

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
      // The SDK types queries opaquely; every query this module builds is a Prometheus query with a refId field.
      const promQuery = target as prometheus.Dataquery;
      promQuery.refId ??= String.fromCharCode("A".charCodeAt(0) + index);
    });
  }
  return model;
}
