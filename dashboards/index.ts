import { THRESHOLDS, type Thresholds } from "../rules/thresholds";
import type { DashboardModel } from "./common";
import { blockchainOverview } from "./blockchainOverview";
import { nodeHealth } from "./nodeHealth";
import { sloDashboard } from "./slo";
import { transactionMetrics } from "./transactionMetrics";

export { DASHBOARD_UIDS, XAI_DASHBOARD_TAG, type DashboardModel } from "./common";
export { PROMETHEUS_SERIES, VARIABLES } from "./queries";

/**
 * The XAI dashboards, built fresh on each call (builders are mutable). Colour thresholds follow the stack's
 * effective alert thresholds.
 */
export function buildDashboards(thresholds: Thresholds = THRESHOLDS): DashboardModel[] {
  return [blockchainOverview(), nodeHealth(thresholds), transactionMetrics(), sloDashboard()];
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
