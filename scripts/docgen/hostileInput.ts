import { corpusSummary } from "../../test/support/badSettings";
import { prettierMarkdown, table } from "./markdown";

/** The README's count of the hostile-input corpus, generated from the test table so it cannot go stale. */
export async function hostileInputMarkdown(formatAs: string): Promise<string> {
  const { total, warned, byClass } = corpusSummary();
  const rows = byClass.map(([label, count]) => [label, String(count)]);
  const markdown = [
    `test/scripts/render.corpus.live.test.ts refuses **${String(total)}** bad inputs, each with exit status 1, a message naming the key and the expected form, no stack trace and an unchanged \`--out\`; **${String(warned)}** legal but dangerous ones render with a warning.`,
    "",
    table(["Class", "Refused cases"], rows),
  ].join("\n");
  return prettierMarkdown(markdown, formatAs);
}
