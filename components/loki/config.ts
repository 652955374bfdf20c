import type { StackSettings } from "../settings";

export const LOKI_HTTP_PORT = 3100;

/** loki.yaml for single-binary mode with filesystem storage. */
export function renderLokiConfig(_settings: StackSettings): string {
  return [
    "auth_enabled: false",
    "server:",
    `  http_listen_port: ${LOKI_HTTP_PORT}`,
    "common:",
    "  path_prefix: /loki",
    "  replication_factor: 1",
    "  ring:",
    "    kvstore:",
    "      store: inmemory",
    "  storage:",
    "    filesystem:",
    "      chunks_directory: /loki/chunks",
    "      rules_directory: /loki/rules",
    "schema_config:",
    "  configs:",
    "    - from: 2024-01-01",
    "      store: tsdb",
    "      object_store: filesystem",
    "      schema: v13",
    "      index:",
    "        prefix: index_",
    "        period: 24h",
    "",
  ].join("\n");
}
