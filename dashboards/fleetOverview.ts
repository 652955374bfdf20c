import * as common from "@grafana/grafana-foundation-sdk/common";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { PanelBuilder as StateTimelineBuilder } from "@grafana/grafana-foundation-sdk/statetimeline";
import { PanelBuilder as TableBuilder } from "@grafana/grafana-foundation-sdk/table";
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import { RECORDED } from "../rules/recordingNames";
import { DASHBOARD_UIDS, type DashboardModel, type DashboardOptions, finish, xaiDashboard } from "./common";
import { distribution, neutralThresholds, warningThreshold } from "./panels";
import {
  DATASOURCE,
  SCOPE,
  VARIABLES,
  query,
  recorded,
  worstNow,
  worstOverRange,
  xai,
  xaiUp,
} from "./queries";

export const FLEET_OVERVIEW_TITLE = "Fleet Overview";

/** One per-node value of the fleet table: its query and the column it becomes. */
interface Column {
  readonly title: string;
  readonly expr: string;
}

/** A value mapping for a 1/0 series: what 1 and 0 mean, green and red. */
function binaryMapping(whenOne: string, whenZero: string): dashboard.ValueMapping {
  return {
    type: dashboard.MappingType.ValueToText,
    options: {
      "1": { text: whenOne, color: "green", index: 0 },
      "0": { text: whenZero, color: "red", index: 1 },
    },
  };
}

const UP_MAPPING = binaryMapping("up", "down");
/** Table cells take their text colour from the mapping or thresholds (plain cells ignore both). */
const COLOURED_CELL: dashboard.DynamicConfigValue = {
  id: "custom.cellOptions",
  value: { type: "color-text" },
};
const SYNC_MAPPING = binaryMapping("synced", "syncing");

/**
 * A field link to Node Health scoped to one node, keeping the time range and data source. `nodeName` is
 * the Grafana expression that holds the node: the cell's value in the table, the series' label on a bar.
 */
function nodeHealthLink(nodeName: string): dashboard.DynamicConfigValue {
  return {
    id: "links",
    value: [
      {
        title: `Node Health for ${nodeName}`,
        url: `/d/${DASHBOARD_UIDS.nodeHealth}?var-${VARIABLES.node}=${nodeName}&\${__url_time_range}&\${${VARIABLES.datasource}:queryparam}`,
      },
    ],
  };
}

const TABLE_CELL_NODE = "${__value.raw}";
const SERIES_NODE = "${__field.labels.node}";

function fleetTable(columns: readonly Column[]): TableBuilder {
  const refId = (index: number): string => String.fromCharCode("A".charCodeAt(0) + index);
  const renames = Object.fromEntries(
    columns.map((column, index) => [`Value #${refId(index)}`, column.title]),
  );
  const builder = new TableBuilder()
    .title("Every Node")
    .description(
      "One row per selected node, now. Lag is how many blocks the node is behind its network's best node; alerts counts its firing alerts. Click a node for its Node Health.",
    )
    .datasource(DATASOURCE)
    .unit("short")
    .thresholds(neutralThresholds())
    .height(12)
    .span(24)
    .sortBy([new common.TableSortByFieldStateBuilder().displayName("Lag (blocks)").desc(true)])
    // Each query is one column; merge joins them on node and network into one row per node.
    .withTransformation({ id: "merge", options: {} })
    .withTransformation({
      id: "organize",
      options: { excludeByName: { Time: true, "Value #F": true }, renameByName: renames },
    })
    .overrideByName("node", [nodeHealthLink(TABLE_CELL_NODE)])
    .overrideByName("Up", [{ id: "mappings", value: [UP_MAPPING] }, COLOURED_CELL])
    .overrideByName("Sync", [{ id: "mappings", value: [SYNC_MAPPING] }, COLOURED_CELL])
    .overrideByName("Firing alerts", [
      { id: "thresholds", value: warningThreshold(1).build() },
      COLOURED_CELL,
    ]);
  for (const column of columns) {
    builder.withTarget(
      new prometheus.DataqueryBuilder()
        .datasource(DATASOURCE)
        .expr(column.expr)
        .format(prometheus.PromQueryFormat.Table)
        .legendFormat("__auto"),
    );
  }
  return builder;
}

function stateTimeline(
  title: string,
  description: string,
  mapping: dashboard.ValueMapping,
): StateTimelineBuilder {
  return new StateTimelineBuilder()
    .title(title)
    .description(description)
    .datasource(DATASOURCE)
    .unit("short")
    .height(10)
    .span(12)
    .mappings([mapping])
    .thresholds(neutralThresholds())
    .showValue(common.VisibilityMode.Never)
    .mergeValues(true)
    .legend(new common.VizLegendOptionsBuilder().showLegend(false));
}

/** A bar per node: the `topNodes` worst by one measure, now. Bars link to the node's Node Health. */
function worstBars(
  title: string,
  unit: string,
  description: string,
  expr: string,
): ReturnType<typeof distribution> {
  return distribution(title, unit)
    .description(description)
    .span(6)
    .orientation(common.VizOrientation.Horizontal)
    .overrideByRegexp(".*", [nodeHealthLink(SERIES_NODE)])
    .withTarget(query(expr, "{{node}}"));
}

/**
 * The whole fleet at a glance, built to stay readable at 100 nodes and more: a table of every node,
 * up and sync over time for the worst nodes, and the worst nodes by lag, peers, API errors and CPU.
 */
export function fleetOverview({ topNodes }: DashboardOptions): DashboardModel {
  const perNode = (expr: string): string => `max by (node, network) (${expr})`;
  const n = String(topNodes);
  const columns: readonly Column[] = [
    { title: "Up", expr: perNode(xaiUp()) },
    { title: "Height", expr: perNode(xai("xai_block_height")) },
    { title: "Lag (blocks)", expr: recorded(RECORDED.heightLag) },
    { title: "Peers", expr: perNode(xai("xai_peers_connected")) },
    { title: "Sync", expr: perNode(xai("xai_chain_sync_status")) },
    // The info series' value is always 1; the column shows its version label (Value #F is hidden).
    { title: "Version", expr: `max by (node, network, version) (${xai("xai_node_info")})` },
    {
      title: "Firing alerts",
      expr: `count by (node, network) (ALERTS{alertstate="firing", ${SCOPE}}) or ${perNode(xaiUp())} * 0`,
    },
  ];
  const builder = xaiDashboard(
    FLEET_OVERVIEW_TITLE,
    DASHBOARD_UIDS.fleetOverview,
    "Every selected XAI node in one table, up and sync over time, and the worst nodes by lag, peers, API errors and CPU.",
  )
    .withPanel(fleetTable(columns))
    .withPanel(
      stateTimeline(
        "Up per Node",
        `Whether Prometheus could scrape each node. Beyond ${n} nodes, the ${n} down longest in the range are drawn.`,
        UP_MAPPING,
      ).withTarget(
        query(worstOverRange(`max by (node) (${xaiUp()})`, xaiUp(), "lowest", topNodes), "{{node}}"),
      ),
    )
    .withPanel(
      stateTimeline(
        "Sync per Node",
        `Whether each node reports its chain as synced. Beyond ${n} nodes, the ${n} unsynced longest in the range are drawn.`,
        SYNC_MAPPING,
      ).withTarget(
        query(
          worstOverRange(
            `max by (node) (${xai("xai_chain_sync_status")})`,
            xai("xai_chain_sync_status"),
            "lowest",
            topNodes,
          ),
          "{{node}}",
        ),
      ),
    )
    .withPanel(
      worstBars(
        `Most Blocks Behind (top ${n})`,
        "short",
        "Blocks each node is behind its network's best node, now.",
        worstNow(recorded(RECORDED.heightLag), "highest", topNodes),
      ).thresholds(warningThreshold(1)),
    )
    .withPanel(
      worstBars(
        `Fewest Peers (bottom ${n})`,
        "short",
        "Peers each node is connected to, now.",
        worstNow(`max by (node) (${xai("xai_peers_connected")})`, "lowest", topNodes),
      ),
    )
    .withPanel(
      worstBars(
        `Highest API Error Ratio (top ${n})`,
        "percentunit",
        "Share of API requests answered 5xx over the last 5 minutes.",
        worstNow(recorded(RECORDED.apiErrorRatio), "highest", topNodes),
      ),
    )
    .withPanel(
      worstBars(
        `Busiest CPU (top ${n})`,
        "percent",
        "CPU each node reports as used, now.",
        worstNow(recorded(RECORDED.nodeHealth.cpuPercent), "highest", topNodes),
      ),
    );
  return finish(builder);
}
