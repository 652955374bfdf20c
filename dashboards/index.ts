import { THRESHOLDS } from "../settings/thresholds";
import { DEFAULT_TOP_NODES } from "../settings/grafana";
import type { DashboardModel, DashboardOptions } from "./common";
import { blockchainOverview } from "./blockchainOverview";
import { fleetOverview } from "./fleetOverview";
import { nodeHealth } from "./nodeHealth";
import { sloDashboard } from "./slo";
import { transactionMetrics } from "./transactionMetrics";

export { DASHBOARD_UIDS, XAI_DASHBOARD_TAG, type DashboardModel, type DashboardOptions } from "./common";
export { PROMETHEUS_SERIES, VARIABLES } from "./queries";

/**
 * The XAI dashboards, built fresh on each call (builders are mutable): the three the stack started with,
 * the Fleet Overview and the SLO dashboard. `options` come from the grafana settings and the stack's
 * effective alert thresholds (colours follow them).
 */
export function buildDashboards(
  options: DashboardOptions = { topNodes: DEFAULT_TOP_NODES, thresholds: THRESHOLDS },
): DashboardModel[] {
  return [
    blockchainOverview(options),
    nodeHealth(options),
    transactionMetrics(),
    sloDashboard(),
    fleetOverview(options),
  ];
}

/** A built dashboard's uid; every dashboard here sets one (see DASHBOARD_UIDS). */
export function dashboardUid(model: DashboardModel): string {
  if (model.uid === undefined) throw new Error(`dashboard "${model.title}" has no uid`);
  return model.uid;
}

/** Dashboard model JSON, as Grafana's API and the provider's configJson expect it. */
export function dashboardJson(model: DashboardModel): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}
