/** Panel builders with the dashboards' shared look: sizes, legends and thresholds that never default. */
import * as common from "@grafana/grafana-foundation-sdk/common";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { PanelBuilder as BarGaugeBuilder } from "@grafana/grafana-foundation-sdk/bargauge";
import { PanelBuilder as GaugeBuilder } from "@grafana/grafana-foundation-sdk/gauge";
import {
  PanelBuilder as PieChartBuilder,
  PieChartLegendOptionsBuilder,
  PieChartType,
} from "@grafana/grafana-foundation-sdk/piechart";
import { PanelBuilder as StatBuilder } from "@grafana/grafana-foundation-sdk/stat";
import { PanelBuilder as TimeseriesBuilder } from "@grafana/grafana-foundation-sdk/timeseries";
import { DATASOURCE } from "./queries";

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

/** The builder calls the one-value panels (stat and gauge, two SDK builder types) have in common. */
interface OneValuePanel<Self> {
  title(title: string): Self;
  datasource(datasource: typeof DATASOURCE): Self;
  unit(unit: string): Self;
  thresholds(thresholds: dashboard.ThresholdsConfigBuilder): Self;
  height(height: number): Self;
  span(width: number): Self;
  reduceOptions(options: common.ReduceDataOptionsBuilder): Self;
}

/** A small panel of each series' last value, neutral in colour until given thresholds. */
function oneValue<Panel extends OneValuePanel<Panel>>(panel: Panel, title: string, unit: string): Panel {
  return panel
    .title(title)
    .datasource(DATASOURCE)
    .unit(unit)
    .thresholds(neutralThresholds())
    .height(6)
    .span(6)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]));
}

export function stat(title: string, unit: string): StatBuilder {
  return (
    oneValue(new StatBuilder(), title, unit)
      .colorMode(common.BigValueColorMode.Value)
      // One value from an instant query (see finish): there is no history to draw a sparkline from.
      .graphMode(common.BigValueGraphMode.None)
  );
}

export function gauge(title: string, unit: string): GaugeBuilder {
  return oneValue(new GaugeBuilder(), title, unit).showThresholdMarkers(true);
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

/** One bar per histogram bucket, named by the bucket's upper bound. */
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
