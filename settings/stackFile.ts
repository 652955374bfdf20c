import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { isMap, isScalar, parseDocument, type YAMLError } from "yaml";
import { decodeConfigValue } from "./decoding";
import type { RawStackConfig } from "./index";

/** What `render` puts where a secret's value would be: obvious, and never a usable credential. */
export function secretPlaceholder(key: string): string {
  return `<secret:${key} redacted>`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A stack file that is missing or unreadable: the user's to fix, so shown without a stack trace. */
export class StackFileError extends Error {
  override readonly name = "StackFileError";
}

function yamlProblem(fileName: string, error: YAMLError): string {
  const position = error.linePos?.[0];
  const where = position ? `line ${String(position.line)}, column ${String(position.col)}` : "";
  const reason = (error.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
  return `${fileName}: invalid YAML${where ? ` at ${where}` : ""}: ${reason}`;
}

/** Parses YAML text, refusing syntax errors and duplicate keys with the file name and position. */
function parseYaml(
  text: string,
  fileName: string,
): { document: unknown; raw: ReturnType<typeof parseDocument> } {
  const raw = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const first = raw.errors[0];
  if (first !== undefined) throw new StackFileError(yamlProblem(fileName, first));
  return { document: raw.toJS() as unknown, raw };
}

/**
 * A top-level value as Pulumi hands it to the program: scalars exactly as written (so `1.10` stays the
 * text "1.10"), objects and arrays as JSON. decodeConfigValue then treats both paths the same way.
 */
function asPulumiString(node: unknown, value: unknown): string {
  if (isScalar(node)) {
    if (node.value === null) return "";
    if (node.type === "PLAIN" && typeof node.source === "string") return node.source;
    return typeof node.value === "string" ? node.value : JSON.stringify(node.value);
  }
  return JSON.stringify(value);
}

/**
 * Reads a stack's configuration from the text of Pulumi.<stack>.yaml, without the Pulumi engine.
 * Encrypted values (`secure:`) become placeholders and are reported as secrets, as Pulumi would.
 */
export function stackConfigFromYaml(
  text: string,
  project: string,
  stack: string,
  fileName = `Pulumi.${stack}.yaml`,
): RawStackConfig {
  const { document, raw } = parseYaml(text, fileName);
  if (document !== null && document !== undefined && !isRecord(document)) {
    throw new StackFileError(`${fileName}: expected a YAML mapping with a config: section`);
  }
  if (
    isRecord(document) &&
    document.config !== undefined &&
    document.config !== null &&
    !isRecord(document.config)
  ) {
    throw new StackFileError(`${fileName}: expected config: to be a mapping of namespace:key entries`);
  }
  const config = isRecord(document) && isRecord(document.config) ? document.config : {};
  const configNode = isMap(raw.contents) ? raw.contents.get("config", true) : undefined;
  const prefix = `${project}:`;
  const values: Record<string, unknown> = {};
  const secretKeys = new Set<string>();
  const otherNamespaceKeys: string[] = [];
  for (const [fullKey, value] of Object.entries(config)) {
    // Other namespaces (e.g. docker:host, kubernetes:context) configure providers, not this program.
    if (!fullKey.startsWith(prefix)) {
      otherNamespaceKeys.push(fullKey);
      continue;
    }
    const key = fullKey.slice(prefix.length);
    if (isRecord(value) && typeof value.secure === "string" && Object.keys(value).length === 1) {
      values[key] = secretPlaceholder(key);
      secretKeys.add(key);
    } else {
      const node: unknown = isMap(configNode) ? configNode.get(fullKey, true) : undefined;
      values[key] = decodeConfigValue(key, asPulumiString(node, value));
    }
  }
  return { project, stack, values, secretKeys, otherNamespaceKeys };
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new StackFileError(
      code === "ENOENT" ? `no ${what} ${path}` : `cannot read ${what} ${path} (${code ?? "unknown error"})`,
    );
  }
}

/** Reads Pulumi.yaml's project name and Pulumi.<stack>.yaml from a project folder. */
export function readStackConfig(projectDir: string, stack: string): RawStackConfig {
  if (!/^[A-Za-z0-9_.-]+$/.test(stack)) {
    throw new StackFileError(`invalid stack name "${stack}" (expected a stack such as dev or prod)`);
  }
  const projectFile = join(projectDir, "Pulumi.yaml");
  const { document: projectDocument } = parseYaml(readText(projectFile, "project file"), projectFile);
  if (!isRecord(projectDocument) || typeof projectDocument.name !== "string" || projectDocument.name === "") {
    throw new StackFileError(`${projectFile}: expected a project name (name: xai-observability)`);
  }
  const stackFile = join(projectDir, `Pulumi.${stack}.yaml`);
  let text: string;
  try {
    text = readFileSync(stackFile, "utf8");
  } catch {
    throw new StackFileError(
      `no stack file Pulumi.${stack}.yaml in ${projectDir} (expected a stack such as dev or prod)`,
    );
  }
  return stackConfigFromYaml(text, projectDocument.name, stack, basename(stackFile));
}
