import { z } from "zod";
import { SECRET_KEYS, isSecretKey, type SecretKey } from "./secrets";
import { settingsSchema, type ParsedSettings } from "./schema";

export { SECRET_KEYS, isSecretKey, type SecretKey } from "./secrets";
export * from "./schema";
export { duration, durationSeconds, memoryBytes } from "./fields";

/** Validated stack settings: plain data, safe to log and render. Secret values are never in here. */
export type StackSettings = ParsedSettings & {
  /** Pulumi stack name, e.g. dev or prod. */
  readonly stack: string;
  /** Secret config keys that are set (values stay in Pulumi's secret store). */
  readonly configuredSecrets: readonly SecretKey[];
};

/** Raw configuration of one stack, as Pulumi or Pulumi.<stack>.yaml holds it. */
export interface RawStackConfig {
  readonly project: string;
  readonly stack: string;
  /** Values keyed by bare key (no `project:` prefix); objects already decoded. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Keys whose values are stored as secrets. */
  readonly secretKeys: ReadonlySet<string>;
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

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const key = formatPath(issue.path);
  if (issue.code === "unrecognized_keys") {
    return issue.keys
      .map(
        (unknownKey) => `${key ? `${key}.` : ""}${unknownKey}: unknown key; remove it or check its spelling`,
      )
      .join("\n  - ");
  }
  const given = valueAt(input, issue.path);
  const shown = given === undefined ? "missing" : `got ${withoutUrlCredentials(JSON.stringify(given))}`;
  return `${key || "(root)"}: ${issue.message} (${shown})`;
}

/** Errors are printed and logged, so URL credentials (user:password@) in a rejected value are masked. */
function withoutUrlCredentials(text: string): string {
  return text.replace(/(\/\/)[^/@\s"]+@/g, "$1<redacted>@");
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
  const problems: string[] = [];
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
  return { ...parsed.data, stack: raw.stack, configuredSecrets };
}

/** Decodes a Pulumi config string: objects, arrays, numbers and booleans arrive JSON-encoded. */
export function decodeConfigValue(value: string): unknown {
  const trimmed = value.trim();
  if (/^[[{]/.test(trimmed) || /^(true|false|-?\d+(\.\d+)?)$/.test(trimmed)) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}
