import { z } from "zod";
import { settingsSchema } from "./schema";

/**
 * Pulumi hands every config value to the program as a string: scalars as written in Pulumi.<stack>.yaml,
 * objects and arrays JSON-encoded. The program decodes them here, and `render` first turns the stack file
 * into the same strings, so both paths see identical values.
 */

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (
    current instanceof z.ZodOptional ||
    current instanceof z.ZodDefault ||
    current instanceof z.ZodPrefault
  ) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

/** Top-level keys whose schema is text: their value is used as written, never JSON-decoded. */
export const TEXT_KEYS: ReadonlySet<string> = new Set(
  Object.entries(settingsSchema.shape)
    .filter(([, schema]) => {
      const inner = unwrap(schema as z.ZodType);
      return inner._zod.def.type === "string" || inner._zod.def.type === "enum";
    })
    .map(([key]) => key),
);

/**
 * Decodes one top-level config value. Text keys keep the string, so `expectedVersion: "1.10"` stays
 * "1.10" instead of becoming the number 1.1; other keys decode JSON objects, arrays, numbers and booleans.
 */
export function decodeConfigValue(key: string, value: string): unknown {
  if (TEXT_KEYS.has(key)) return value;
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

/** Levenshtein distance, for "did you mean" suggestions on misspelt keys. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The candidate closest to `word`, when it is close enough to be a likely typo. */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 4)) ? best : undefined;
}

/**
 * Keys under a namespace that is a misspelling of the project's (`xai-observabilty:scrapeInterval`):
 * Pulumi passes them on silently and the program would never read them.
 */
export function namespaceProblems(project: string, fullKeys: Iterable<string>): string[] {
  const problems: string[] = [];
  for (const fullKey of fullKeys) {
    const colon = fullKey.indexOf(":");
    if (colon === -1) continue;
    const namespace = fullKey.slice(0, colon);
    if (namespace === project || closestMatch(namespace, [project]) === undefined) continue;
    problems.push(
      `${fullKey}: unknown namespace "${namespace}"; expected ${project}:${fullKey.slice(colon + 1)}`,
    );
  }
  return problems;
}
