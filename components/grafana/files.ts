import { buildDashboards, dashboardJson, dashboardUid, type DashboardModel } from "../../dashboards";
import { effectiveThresholds } from "../../rules";
import type { RenderedFile } from "../../rules/rendered";
import type { StackSettings } from "../../settings";
import { inNetworkUrl } from "../endpoints";
import { datasourceDefinitions } from "./datasources";

/** The stack's dashboards: per-node panels cut to `grafana.topNodes`, colours at the effective thresholds. */
export function stackDashboards(settings: StackSettings): DashboardModel[] {
  return buildDashboards({ topNodes: settings.grafana.topNodes, thresholds: effectiveThresholds(settings) });
}

/**
 * Grafana content as files for review: `dashboards/<uid>.json` and `datasources.json`
 * (relative to render's grafana/ folder). The Pulumi program creates the same objects via the provider.
 */
export function renderGrafanaFiles(settings: StackSettings): RenderedFile[] {
  const datasources = datasourceDefinitions(settings).map((definition) => ({
    uid: definition.uid,
    name: definition.name,
    type: definition.type,
    access: "proxy",
    // As `render` shows it; the Pulumi program uses the platform's own URL.
    url: inNetworkUrl(settings, definition.service),
    isDefault: definition.isDefault,
    jsonData: definition.jsonData,
  }));
  const dashboards = stackDashboards(settings).map((model) => ({
    relativePath: `dashboards/${dashboardUid(model)}.json`,
    content: dashboardJson(model),
  }));
  return [
    ...dashboards,
    { relativePath: "datasources.json", content: `${JSON.stringify(datasources, null, 2)}\n` },
  ];
}
