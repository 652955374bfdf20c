import { parseSettings, SettingsError, type StackSettings } from "../settings";

export interface TestSettingsOptions {
  /** The stack name; some defaults (e.g. the cluster label) derive from it. */
  readonly stack?: string;
  /** Config keys marked secret, as `pulumi config set --secret` would. */
  readonly secretKeys?: Iterable<string>;
}

/**
 * Settings of a dev (Docker) stack, parsed by the real loader so every default is the program's own.
 * `values` are top-level config keys laid over `target: "docker"`.
 */
export function testSettings(
  values: Readonly<Record<string, unknown>> = {},
  { stack = "dev", secretKeys = [] }: TestSettingsOptions = {},
): StackSettings {
  return parseSettings({
    project: "xai-observability",
    stack,
    values: { target: "docker", ...values },
    secretKeys: new Set(secretKeys),
  });
}

/** The services of a dev stack with the default profiles (logs through Alloy, container metrics) on. */
export const DEV_SERVICES = [
  "prometheus",
  "alertmanager",
  "grafana",
  "node-exporter",
  "docker-socket-proxy",
  "cadvisor",
  "loki",
  "alloy",
] as const;

/** xaiNodes entries for the named nodes: log sources must name a scraped node. */
export function xaiNodesNamed(...names: readonly string[]): { name: string; address: string }[] {
  return names.map((name) => ({ name, address: `${name}:8000` }));
}

/**
 * testSettings with the logs profile reading one node's logs (xai-node-1 under /var/lib/xai/logs);
 * `values` are top-level config keys, `logs` keys replace those of the logs section.
 */
export function nodeLogSettings(
  values: Readonly<Record<string, unknown>> = {},
  logs: Readonly<Record<string, unknown>> = {},
): StackSettings {
  return testSettings({
    xaiNodes: xaiNodesNamed("xai-node-1"),
    logs: { xaiNodeLogs: [{ node: "xai-node-1", directory: "/var/lib/xai/logs" }], ...logs },
    ...values,
  });
}

/** The SettingsError `parse` throws; the test fails if it returns or throws anything else. */
export function settingsErrorOf(parse: () => unknown): SettingsError {
  try {
    parse();
  } catch (error) {
    if (error instanceof SettingsError) return error;
    throw error;
  }
  throw new Error("expected a SettingsError");
}
