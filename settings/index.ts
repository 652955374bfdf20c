import { z } from "zod";
import { SECRET_KEYS, isSecretKey, type SecretKey } from "./secrets";
import { closestMatch, namespaceProblems } from "./decoding";
import { settingsSchema, type ParsedSettings } from "./schema";

export { SECRET_KEYS, isSecretKey, type SecretKey } from "./secrets";
export * from "./schema";
export { duration, durationSeconds, memoryBytes } from "./fields";
export { decodeConfigValue } from "./decoding";

/** Validated stack settings: plain data, safe to log and render. Secret values are never in here. */
export type StackSettings = ParsedSettings & {
  /** Pulumi stack name, e.g. dev or prod. */
  readonly stack: string;
  /** Secret config keys that are set (values stay in Pulumi's secret store). */
  readonly configuredSecrets: readonly SecretKey[];
  /** Top-level settings sections the user set (not defaults), for the warnings about ignored settings. */
  readonly givenKeys: readonly string[];
};

/** Raw configuration of one stack, as Pulumi or Pulumi.<stack>.yaml holds it. */
export interface RawStackConfig {
  readonly project: string;
  readonly stack: string;
  /** Values keyed by bare key (no `project:` prefix); objects already decoded. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Keys whose values are stored as secrets. */
  readonly secretKeys: ReadonlySet<string>;
  /** Full keys (`namespace:key`) outside this project's namespace; a misspelt namespace is refused. */
  readonly otherNamespaceKeys?: readonly string[];
}

/** One error for all bad input: every offending key with the expected form. */
export class SettingsError extends Error {
  constructor(
    readonly stackName: string,
    readonly problems: readonly string[],
  ) {
    super(
      `Invalid configuration for stack "${stackName}" (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((problem) => `  - ${problem}`).join("\n") +
        "\nFix these with `pulumi config set <key> <value>` (use --path for nested keys, --secret for credentials).",
    );
    this.name = "SettingsError";
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) =>
      typeof segment === "number" ? `[${segment}]` : `${index === 0 ? "" : "."}${String(segment)}`,
    )
    .join("");
}

/** The object schema at `path`, to suggest the right spelling of an unknown key. */
function keysAt(path: readonly PropertyKey[]): string[] {
  let schema: z.ZodType = settingsSchema;
  for (const segment of [...path, undefined]) {
    for (;;) {
      const def = schema._zod.def as {
        type: string;
        innerType?: z.ZodType;
        in?: z.ZodType;
        element?: z.ZodType;
      };
      if (def.innerType !== undefined) schema = def.innerType;
      else if (def.type === "pipe" && def.in !== undefined) schema = def.in;
      else break;
    }
    if (segment === undefined) break;
    const def = schema._zod.def as { type: string; element?: z.ZodType };
    if (typeof segment === "number" && def.element !== undefined) {
      schema = def.element;
    } else if (schema instanceof z.ZodObject && typeof segment === "string") {
      const next = (schema.shape as Record<string, z.ZodType | undefined>)[segment];
      if (next === undefined) return [];
      schema = next;
    } else {
      return [];
    }
  }
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

const TYPE_FORMS: Record<string, string> = {
  string: "a text value",
  number: "a number",
  boolean: "true or false",
  array: "a list",
  object: "a section of keys",
  record: "a section of keys",
};

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const key = formatPath(issue.path);
  if (issue.code === "unrecognized_keys") {
    const known = keysAt(issue.path);
    return issue.keys
      .map((unknownKey) => {
        const suggestion = closestMatch(unknownKey, known);
        return `${key ? `${key}.` : ""}${unknownKey}: unknown key; ${
          suggestion === undefined ? "remove it or check its spelling" : `did you mean ${suggestion}?`
        }`;
      })
      .join("\n  - ");
  }
  const given = valueAt(input, issue.path);
  const shown = given === undefined ? "missing" : `got ${maskCredentials(JSON.stringify(given))}`;
  // zod's own wording ("Invalid input: expected string, received number") does not say the form to use.
  const message =
    issue.code === "invalid_type" && issue.message.startsWith("Invalid input")
      ? `expected ${TYPE_FORMS[issue.expected] ?? issue.expected}`
      : issue.message;
  return `${key || "(root)"}: ${message} (${shown})`;
}

/**
 * Errors are printed and logged, so credentials in a rejected value are masked: URL user:password@ and
 * query parameters that usually carry tokens.
 */
export function maskCredentials(text: string): string {
  return text
    .replace(/(\/\/)[^/@\s"]+@/g, "$1<redacted>@")
    .replace(
      /([?&](?:token|key|secret|password|pass|auth|api_key|apikey|access_token|sig)=)[^&\s"]*/gi,
      "$1<redacted>",
    );
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/**
 * Validates a stack's configuration. Pure: used by the Pulumi program, the render CLI and tests alike.
 * Throws SettingsError listing every problem at once.
 */
export function parseSettings(raw: RawStackConfig): StackSettings {
  const problems: string[] = namespaceProblems(raw.project, raw.otherNamespaceKeys ?? []);
  const plain: Record<string, unknown> = {};
  const configuredSecrets: SecretKey[] = [];

  for (const [key, value] of Object.entries(raw.values)) {
    if (isSecretKey(key)) {
      if (!raw.secretKeys.has(key)) {
        problems.push(
          `${key}: expected a secret; set it with \`pulumi config set --secret ${key} <value>\` (it is stored in plain text now)`,
        );
      } else if (typeof value === "string" && value.length === 0) {
        problems.push(`${key}: expected a non-empty secret value`);
      } else {
        configuredSecrets.push(key);
      }
    } else if (raw.secretKeys.has(key)) {
      problems.push(
        `${key}: expected a plain value; only ${Object.keys(SECRET_KEYS).join(", ")} are secrets`,
      );
    } else {
      plain[key] = value;
    }
  }

  const withDefaults = {
    environment: raw.stack,
    cluster: `xai-${raw.stack}`,
    ...plain,
  };
  const parsed = settingsSchema.safeParse(withDefaults);
  if (!parsed.success) {
    problems.push(...parsed.error.issues.map((issue) => describeIssue(issue, withDefaults)));
  }
  if (problems.length > 0 || !parsed.success) {
    throw new SettingsError(raw.stack, problems);
  }
  return { ...parsed.data, stack: raw.stack, configuredSecrets, givenKeys: Object.keys(plain) };
}
