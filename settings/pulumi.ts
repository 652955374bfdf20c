import * as pulumi from "@pulumi/pulumi";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { decodeConfigValue, parseSettings, SECRET_KEYS, type SecretKey, type StackSettings } from "./index";

/** Secret values by key, as Pulumi secret outputs. Only keys that are set are present. */
export type SecretValues = Partial<Record<SecretKey, pulumi.Output<string>>>;

/** Pulumi knows which keys hold secrets but marks the accessor internal; it has been stable since 3.x. */
const isConfigSecret =
  (runtimeConfig as unknown as { isConfigSecret?: (key: string) => boolean }).isConfigSecret ??
  ((): boolean => false);

/**
 * The only code that reads pulumi.Config: collects this project's keys, validates them, and returns
 * the settings plus the secrets as secret outputs. Bad input ends the program with one RunError
 * (Pulumi prints it without a stack trace) before any resource is registered.
 */
export function loadStackSettings(): { settings: StackSettings; secrets: SecretValues } {
  const project = pulumi.getProject();
  const stack = pulumi.getStack();
  const prefix = `${project}:`;
  const values: Record<string, unknown> = {};
  const secretKeys = new Set<string>();
  const otherNamespaceKeys: string[] = [];
  for (const [fullKey, value] of Object.entries(pulumi.runtime.allConfig())) {
    if (!fullKey.startsWith(prefix)) {
      otherNamespaceKeys.push(fullKey);
      continue;
    }
    const key = fullKey.slice(prefix.length);
    values[key] = decodeConfigValue(key, value);
    if (isConfigSecret(fullKey)) secretKeys.add(key);
  }

  let settings: StackSettings;
  try {
    settings = parseSettings({ project, stack, values, secretKeys, otherNamespaceKeys });
  } catch (error) {
    if (error instanceof Error && error.name === "SettingsError") throw new pulumi.RunError(error.message);
    throw error;
  }

  const config = new pulumi.Config();
  const secrets: SecretValues = {};
  for (const key of Object.keys(SECRET_KEYS) as SecretKey[]) {
    if (settings.configuredSecrets.includes(key)) secrets[key] = config.requireSecret(key);
  }
  return { settings, secrets };
}
