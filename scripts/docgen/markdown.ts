import { format, resolveConfig } from "prettier";

/**
 * One table cell: pipes escaped, line breaks folded, angle brackets kept from becoming HTML, and
 * Prometheus' double-underscore names (`__name__`) kept from becoming bold.
 */
export function cell(text: string): string {
  const prose = text
    .replace(/\s*\n\s*/g, " ")
    .replace(/\|/g, "\\|")
    .trim();
  // Only outside code spans: odd segments of a split on backticks are inside one.
  return prose
    .split("`")
    .map((segment, index) =>
      index % 2 === 1
        ? segment
        : segment
            .replace(/</g, "&lt;")
            .replace(/>/g, "&gt;")
            .replace(/\b(__\w+__)\b/g, "`$1`"),
    )
    .join("`");
}

/** Inline code; values with a backtick use a double-backtick span. */
export function code(text: string): string {
  const escaped = text.replace(/\|/g, "\\|");
  return escaped.includes("`") ? `\`\` ${escaped} \`\`` : `\`${escaped}\``;
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");
}

/**
 * Formats generated markdown exactly as `prettier --check` expects it in the target file, so the lint
 * step and the staleness tests agree on one form.
 */
export async function prettierMarkdown(markdown: string, targetFile: string): Promise<string> {
  const options = (await resolveConfig(targetFile)) ?? {};
  return (await format(markdown, { ...options, parser: "markdown", filepath: targetFile })).trim();
}
