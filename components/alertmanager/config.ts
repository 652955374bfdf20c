import type { RenderedFile } from "../rendered";
import type { SecretFile } from "../service";
import type { StackSettings } from "../settings";

/** Where the Alertmanager image reads its files; secrets live under SECRETS_DIR. */
export const ALERTMANAGER_CONFIG_DIR = "/etc/alertmanager";
export const ALERTMANAGER_SECRETS_DIR = "/etc/alertmanager/secrets";

export interface AlertmanagerFiles {
  /** alertmanager.yml, then templates/*.tmpl; paths relative to ALERTMANAGER_CONFIG_DIR. */
  readonly files: readonly RenderedFile[];
  /** Credential files the config points at through *_file fields. */
  readonly secretFiles: readonly SecretFile[];
}

export function renderAlertmanagerFiles(_settings: StackSettings): AlertmanagerFiles {
  const config = [
    "route:",
    "  receiver: default",
    "  group_by: [alertname, node, cluster]",
    "receivers:",
    "  - name: default",
    "templates:",
    `  - ${ALERTMANAGER_CONFIG_DIR}/templates/*.tmpl`,
    "",
  ].join("\n");
  return { files: [{ relativePath: "alertmanager.yml", content: config }], secretFiles: [] };
}
