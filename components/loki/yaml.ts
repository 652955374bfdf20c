import { Document } from "yaml";

/**
 * YAML for Grafana's Go binaries (Loki, Promtail). Their decoders follow YAML 1.1, where `no`, `on`, `y`
 * and dates are not strings; writing with the 1.1 schema quotes every such string so it stays a string.
 * No anchors or aliases, no line folding.
 */
export function stringifyForGo(value: unknown): string {
  return new Document(value, { version: "1.1", aliasDuplicateObjects: false }).toString({ lineWidth: 0 });
}
