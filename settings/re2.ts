/**
 * Prometheus compiles relabel regexes with Go's RE2 syntax (regexp/syntax), which refuses several things
 * JavaScript's RegExp accepts (lookaround, backreferences, possessive quantifiers) and accepts some that
 * it refuses (`(?i)` flags, `\z`, `\Q...\E`). This checks the RE2 grammar so a bad regex is refused here
 * instead of by Prometheus at start-up. test/settings/re2.live.test.ts compares it with promtool.
 */

/** Escapes Go's parser accepts after a backslash, besides punctuation. */
const RE2_LETTER_ESCAPES = new Set("afnrtvxAzbBdDsSwWpP0".split(""));
const RE2_MAX_REPEAT = 1000;

const LOOKAROUND: Record<string, string> = {
  "(?=": "lookahead (?=...)",
  "(?!": "negative lookahead (?!...)",
  "(?<=": "lookbehind (?<=...)",
  "(?<!": "negative lookbehind (?<!...)",
  "(?>": "atomic group (?>...)",
  "(?#": "comment group (?#...)",
  "(?P=": "named backreference (?P=name)",
};

function escapeProblem(pattern: string, index: number): string | undefined {
  const next = pattern[index + 1];
  if (next === undefined) return "trailing backslash";
  if (/[1-9]/.test(next)) return `backreference \\${next}`;
  if (/[A-Za-z0-9]/.test(next) && !RE2_LETTER_ESCAPES.has(next)) return `escape \\${next}`;
  return undefined;
}

/** Length of the escape starting at `index` (a backslash), so scanning skips its argument. */
function escapeLength(pattern: string, index: number): number {
  const next = pattern[index + 1];
  if ((next === "x" || next === "p" || next === "P") && pattern[index + 2] === "{") {
    const close = pattern.indexOf("}", index + 3);
    return close === -1 ? pattern.length - index : close - index + 1;
  }
  if (next === "p" || next === "P" || next === "x") return next === "x" ? 4 : 3;
  return 2;
}

/** Where the character class starting at `index` ends (index of its `]`), or -1 when it never closes. */
function classEnd(pattern: string, index: number): { end: number; problem?: string } {
  let at = index + 1;
  if (pattern[at] === "^") at++;
  if (pattern[at] === "]") at++; // a leading ] is a literal
  while (at < pattern.length) {
    const char = pattern[at];
    if (char === "]") return { end: at };
    if (char === "[" && pattern[at + 1] === ":") {
      const close = pattern.indexOf(":]", at + 2);
      if (close !== -1) {
        at = close + 2;
        continue;
      }
    }
    if (char === "\\") {
      const problem = escapeProblem(pattern, at);
      if (problem !== undefined) return { end: at, problem };
      at += escapeLength(pattern, at);
      continue;
    }
    at++;
  }
  return { end: -1 };
}

/** Why RE2 (and so Prometheus) would refuse `pattern`, or undefined when it compiles. */
export function re2Problem(pattern: string): string | undefined {
  let depth = 0;
  // Whether the previous item can take a repetition operator, and whether it already has one.
  let repeatable = false;
  let repeated = false;
  let index = 0;
  while (index < pattern.length) {
    const char = pattern[index] ?? "";
    if (char === "\\") {
      if (pattern.startsWith("\\Q", index)) {
        const end = pattern.indexOf("\\E", index + 2);
        index = end === -1 ? pattern.length : end + 2;
        repeatable = true;
        repeated = false;
        continue;
      }
      const problem = escapeProblem(pattern, index);
      if (problem !== undefined) return `RE2 does not support ${problem}`;
      index += escapeLength(pattern, index);
      repeatable = true;
      repeated = false;
      continue;
    }
    if (char === "[") {
      const { end, problem } = classEnd(pattern, index);
      if (problem !== undefined) return `RE2 does not support ${problem}`;
      if (end === -1) return "missing closing ] of a character class";
      index = end + 1;
      repeatable = true;
      repeated = false;
      continue;
    }
    if (char === "(") {
      const lookaround = Object.keys(LOOKAROUND).find((opener) => pattern.startsWith(opener, index));
      if (lookaround !== undefined) return `RE2 does not support ${LOOKAROUND[lookaround] ?? lookaround}`;
      if (pattern[index + 1] === "?") {
        const group = /^\(\?(P?<[A-Za-z0-9_]+>|[imsU]*(-[imsU]+)?[:)])/.exec(pattern.slice(index));
        if (!group)
          return "RE2 does not support this (?...) group; use (?:...), (?P<name>...) or flags such as (?i)";
        if (!group[0].endsWith(")")) depth++; // (?i) alone opens no group
        index += group[0].length;
        repeatable = false;
        repeated = false;
        continue;
      }
      depth++;
      index++;
      repeatable = false;
      repeated = false;
      continue;
    }
    if (char === ")") {
      if (depth === 0) return "unexpected ) without a matching (";
      depth--;
      index++;
      repeatable = true;
      repeated = false;
      continue;
    }
    if (char === "|") {
      index++;
      repeatable = false;
      repeated = false;
      continue;
    }
    const counted = char === "{" ? /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(index)) : null;
    if (char === "*" || char === "+" || char === "?" || counted) {
      if (repeated) return `RE2 does not support nested repetition (${pattern.slice(index - 1, index + 1)})`;
      if (!repeatable) return `missing argument to repetition operator ${char}`;
      if (counted) {
        const counts = [counted[1], counted[3]].filter((count) => count !== undefined && count !== "");
        if (counts.some((count) => Number(count) > RE2_MAX_REPEAT)) {
          return `RE2 allows repeat counts up to ${RE2_MAX_REPEAT} (${counted[0]})`;
        }
        if (counted[3] !== undefined && counted[3] !== "" && Number(counted[3]) < Number(counted[1])) {
          return `invalid repeat count ${counted[0]}`;
        }
        index += counted[0].length;
      } else {
        index++;
      }
      if (pattern[index] === "?") index++; // lazy form
      repeated = true;
      continue;
    }
    index++;
    repeatable = true;
    repeated = false;
  }
  if (depth > 0) return "missing closing )";
  return undefined;
}
