import type { StackSettings } from "../settings";

export const PROMTAIL_HTTP_PORT = 9080;
export const PROMTAIL_POSITIONS_DIR = "/var/lib/promtail";

/** promtail.yaml: where to ship, what to read, and the pipelines. */
export function renderPromtailConfig(_settings: StackSettings): string {
  return [
    "server:",
    `  http_listen_port: ${PROMTAIL_HTTP_PORT}`,
    "  grpc_listen_port: 0",
    "positions:",
    `  filename: ${PROMTAIL_POSITIONS_DIR}/positions.yaml`,
    "clients:",
    "  - url: http://loki:3100/loki/api/v1/push",
    "scrape_configs: []",
    "",
  ].join("\n");
}
