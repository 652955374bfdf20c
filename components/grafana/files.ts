import type { RenderedFile } from "../rendered";
import type { StackSettings } from "../settings";

/**
 * Grafana content as files for review: `dashboards/<uid>.json` and `datasources.json`
 * (relative to render's grafana/ folder). The Pulumi program creates the same objects via the provider.
 */
export function renderGrafanaFiles(_settings: StackSettings): RenderedFile[] {
  return [{ relativePath: "datasources.json", content: "[]\n" }];
}
