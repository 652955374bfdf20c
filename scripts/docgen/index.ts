import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { alertCatalogueMarkdown } from "./alertCatalogue";
import { hostileInputMarkdown } from "./hostileInput";
import { readSection, replaceSection } from "./markers";
import { metricContractMarkdown } from "./metricsContract";
import { settingsReferenceMarkdown } from "./settingsReference";
import { runbookSections } from "./runbookFacts";
import { SLO_RUNBOOK_SECTION, sloRunbookFile, sloRunbooks } from "./sloRunbooks";

export const REPO_ROOT = join(__dirname, "..", "..");

/** A part of a hand-written document that is generated from code. */
export interface GeneratedSection {
  /** Path relative to the repository root. */
  readonly file: string;
  readonly section: string;
  /** Produces the section; formatting follows the repository's Prettier settings for that file. */
  readonly generate: (formatAs: string) => Promise<string>;
}

export const GENERATED_SECTIONS: readonly GeneratedSection[] = [
  { file: "README.md", section: "settings-reference", generate: settingsReferenceMarkdown },
  { file: "README.md", section: "hostile-input-corpus", generate: hostileInputMarkdown },
  { file: "docs/METRICS_INTEGRATION.md", section: "metric-contract", generate: metricContractMarkdown },
  { file: "docs/MONITORING_GUIDE.md", section: "alert-catalogue", generate: alertCatalogueMarkdown },
  // SLO runbooks are generated whole (below their title), from the SLO definitions.
  ...sloRunbooks().map(({ alert, generate }) => ({
    file: sloRunbookFile(alert),
    section: SLO_RUNBOOK_SECTION,
    generate,
  })),
  // Hand-written runbooks state their alert's defaults and expression from the rules.
  ...runbookSections().map(({ alert, section, generate }) => ({
    file: sloRunbookFile(alert),
    section,
    generate,
  })),
];

export interface SectionState {
  readonly file: string;
  readonly section: string;
  readonly current: string;
  readonly expected: string;
}

/** What each generated section holds now and what the generators produce. */
export async function sectionStates(
  root: string,
  sections: readonly GeneratedSection[] = GENERATED_SECTIONS,
): Promise<SectionState[]> {
  return Promise.all(
    sections.map(async ({ file, section, generate }) => {
      const current = readSection(readFileSync(join(root, file), "utf8"), section);
      return { file, section, current, expected: await generate(join(REPO_ROOT, file)) };
    }),
  );
}

/** Rewrites every stale section in place; returns the ones it changed. */
export async function regenerate(
  root: string,
  sections: readonly GeneratedSection[] = GENERATED_SECTIONS,
): Promise<SectionState[]> {
  const stale = (await sectionStates(root, sections)).filter((state) => state.current !== state.expected);
  for (const state of stale) {
    const absolute = join(root, state.file);
    writeFileSync(absolute, replaceSection(readFileSync(absolute, "utf8"), state.section, state.expected));
  }
  return stale;
}
