import type { RenderedFile } from "../components/rendered";
import type { StackSettings } from "../components/settings";

/** Prometheus rule files, one per group, as `rules/<group>.yml`. Mounted at /etc/prometheus/rules. */
export function renderRuleFiles(_settings: StackSettings): RenderedFile[] {
  return [];
}
