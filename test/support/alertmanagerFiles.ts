import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { renderAlertmanagerFiles, type AlertmanagerFiles } from "../../components/alertmanager/config";
import type { SecretKey, StackSettings } from "../../settings";
import type { AlertDefinition } from "../../rules/types";

export interface RenderedAlertmanager {
  readonly dir: string;
  readonly configFile: string;
  readonly rendered: AlertmanagerFiles;
  remove(): void;
}

/**
 * Writes the rendered files to a temporary folder laid out like the container (config, templates/,
 * secrets/), with each secret file holding the value `secretValue` gives. Only the folder changes.
 */
export function writeRendered(
  settings: StackSettings,
  definitions: readonly AlertDefinition[],
  secretValue: (key: SecretKey) => string = (key) => `placeholder-${key}`,
): RenderedAlertmanager {
  const dir = mkdtempSync(join(tmpdir(), "xai-alertmanager-"));
  const rendered = renderAlertmanagerFiles(settings, definitions, {
    configDir: dir,
    secretsDir: join(dir, "secrets"),
  });
  for (const file of rendered.files) {
    const path = join(dir, file.relativePath);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
  for (const secret of rendered.secretFiles) {
    mkdirSync(dirname(secret.path), { recursive: true });
    writeFileSync(secret.path, secretValue(secret.secret), { mode: 0o400 });
  }
  return {
    dir,
    configFile: join(dir, "alertmanager.yml"),
    rendered,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
