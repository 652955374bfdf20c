import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { RawStackConfig } from "./index";

/** What `render` puts where a secret's value would be: obvious, and never a usable credential. */
export function secretPlaceholder(key: string): string {
  return `<secret:${key} redacted>`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads a stack's configuration from the text of Pulumi.<stack>.yaml, without the Pulumi engine.
 * Encrypted values (`secure:`) become placeholders and are reported as secrets, as Pulumi would.
 */
export function stackConfigFromYaml(text: string, project: string, stack: string): RawStackConfig {
  const document: unknown = parse(text) ?? {};
  const config = isRecord(document) && isRecord(document.config) ? document.config : {};
  const prefix = `${project}:`;
  const values: Record<string, unknown> = {};
  const secretKeys = new Set<string>();
  for (const [fullKey, value] of Object.entries(config)) {
    // Other namespaces (e.g. docker:host, kubernetes:context) configure providers, not this program.
    if (!fullKey.startsWith(prefix)) continue;
    const key = fullKey.slice(prefix.length);
    if (isRecord(value) && typeof value.secure === "string" && Object.keys(value).length === 1) {
      values[key] = secretPlaceholder(key);
      secretKeys.add(key);
    } else {
      values[key] = value;
    }
  }
  return { project, stack, values, secretKeys };
}

/** A stack file that is missing or unreadable: the user's to fix, so shown without a stack trace. */
export class StackFileError extends Error {
  override readonly name = "StackFileError";
}

/** Reads Pulumi.yaml's project name and Pulumi.<stack>.yaml from a project folder. */
export function readStackConfig(projectDir: string, stack: string): RawStackConfig {
  const stackFile = join(projectDir, `Pulumi.${stack}.yaml`);
  if (!/^[A-Za-z0-9_.-]+$/.test(stack) || !existsSync(stackFile)) {
    throw new StackFileError(
      `no stack file Pulumi.${stack}.yaml in ${projectDir} (expected a stack such as dev or prod)`,
    );
  }
  const projectDocument: unknown = parse(readFileSync(join(projectDir, "Pulumi.yaml"), "utf8"));
  if (!isRecord(projectDocument) || typeof projectDocument.name !== "string") {
    throw new StackFileError(`${join(projectDir, "Pulumi.yaml")}: expected a project name`);
  }
  return stackConfigFromYaml(readFileSync(stackFile, "utf8"), projectDocument.name, stack);
}
