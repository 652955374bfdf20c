/**
 * Regenerates the generated sections of the docs: the README's configuration reference (from the settings
 * schema), the metric contract in docs/METRICS_INTEGRATION.md (from metrics/) and the alert catalogue in
 * docs/MONITORING_GUIDE.md (from rules/).
 *   npm run docs            rewrite stale sections
 *   npm run docs -- --check exit 1 when a section is stale, without writing
 */
import { join } from "node:path";
import { regenerate, sectionStates } from "./docgen";

async function main(): Promise<number> {
  const root = join(__dirname, "..");
  if (process.argv.includes("--check")) {
    const stale = (await sectionStates(root)).filter((state) => state.current !== state.expected);
    for (const state of stale) console.error(`stale: ${state.file} (${state.section}); run npm run docs`);
    return stale.length === 0 ? 0 : 1;
  }
  const changed = await regenerate(root);
  for (const state of changed) console.log(`updated ${state.file} (${state.section})`);
  if (changed.length === 0) console.log("generated sections are up to date");
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
