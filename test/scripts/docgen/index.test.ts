import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { format, resolveConfig } from "prettier";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_RESOURCES, SECRET_KEYS, settingsSchema } from "../../../settings";
import { XAI_FAMILIES, type MetricFamily } from "../../../metrics";
import { alertDefinitions } from "../../../rules";
import { GENERATED_SECTIONS, REPO_ROOT, regenerate, sectionStates } from "../../../scripts/docgen";
import { settingDocComments } from "../../../scripts/docgen/docComments";
import { cell } from "../../../scripts/docgen/markdown";
import { beginMarker, endMarker, readSection, replaceSection } from "../../../scripts/docgen/markers";
import { alertCatalogueMarkdown } from "../../../scripts/docgen/alertCatalogue";
import { metricContractMarkdown } from "../../../scripts/docgen/metricsContract";
import { FALLBACK_DESCRIPTIONS, fallbackMatches } from "../../../scripts/docgen/settingDescriptions";
import { settingRows, settingsReferenceMarkdown } from "../../../scripts/docgen/settingsReference";
import { testSettings } from "../../../harness/settings";

const SCHEMA_FILE = join(REPO_ROOT, "settings", "schema.ts");

describe("generated sections are up to date", () => {
  it.each(GENERATED_SECTIONS.map((section) => [section.file, section.section]))(
    "%s (%s) equals what `npm run docs` generates now",
    async (file, section) => {
      const [state] = await sectionStates(
        REPO_ROOT,
        GENERATED_SECTIONS.filter((each) => each.file === file && each.section === section),
      );
      expect(state?.current, `${file} is stale: run npm run docs`).toBe(state?.expected);
    },
  );

  it.each(GENERATED_SECTIONS.map((section) => [section.file, section.section]))(
    "%s (%s) is already in the form prettier --check wants",
    async (file, section) => {
      // Lint and the staleness test must agree, or one of them would always fail after the other is fixed.
      const path = join(REPO_ROOT, file);
      const text = readFileSync(path, "utf8");
      const formatted = await format(text, { ...((await resolveConfig(path)) ?? {}), filepath: path });
      expect(readSection(formatted, section)).toBe(readSection(text, section));
    },
  );
});

describe("staleness detection", () => {
  let scratch = "";
  afterEach(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    scratch = "";
  });

  it("reports a section whose content differs, and regenerate restores it without touching the prose", async () => {
    scratch = mkdtempSync(join(tmpdir(), "docs-staleness-"));
    const target = GENERATED_SECTIONS.find((section) => section.file === "docs/METRICS_INTEGRATION.md");
    if (!target) throw new Error("the metric contract section is not registered");
    const copy = join(scratch, target.file);
    mkdirSync(dirname(copy), { recursive: true });
    const original = readFileSync(join(REPO_ROOT, target.file), "utf8");
    const tampered = replaceSection(
      original,
      target.section,
      readSection(original, target.section).replace("xai_block_height", "xai_block_heigth"),
    );
    expect(tampered).not.toBe(original);
    writeFileSync(copy, tampered);

    const [state] = await sectionStates(scratch, [target]);
    expect(state?.current).not.toBe(state?.expected);

    const changed = await regenerate(scratch, [target]);
    expect(changed.map((each) => each.file)).toEqual([target.file]);
    expect(readFileSync(copy, "utf8")).toBe(original);
  });
});

describe("section markers", () => {
  const document = ["# Title", "", "before", beginMarker("demo"), "old", endMarker("demo"), "after", ""].join(
    "\n",
  );

  it("reads and replaces only what is between the markers", () => {
    expect(readSection(document, "demo")).toBe("old");
    const replaced = replaceSection(document, "demo", "new\ncontent");
    expect(readSection(replaced, "demo")).toBe("new\ncontent");
    expect(replaced.startsWith(`# Title\n\nbefore\n${beginMarker("demo")}`)).toBe(true);
    expect(replaced.endsWith(`${endMarker("demo")}\nafter\n`)).toBe(true);
  });

  it("is idempotent", () => {
    const once = replaceSection(document, "demo", "x");
    expect(replaceSection(once, "demo", "x")).toBe(once);
  });

  it("names the section and the expected markers when they are missing", () => {
    expect(() => readSection("# nothing here", "settings-reference")).toThrow(
      /no generated section "settings-reference".*BEGIN GENERATED: settings-reference/s,
    );
  });

  it("rejects a doubled BEGIN marker", () => {
    const doubled = document.replace("old", `${beginMarker("demo")}\nold`);
    expect(() => readSection(doubled, "demo")).toThrow(/exactly one BEGIN marker/);
  });
});

describe("table cells", () => {
  it("keep markdown from reinterpreting descriptions", () => {
    expect(cell("a | b")).toBe("a \\| b");
    expect(cell("line one\n  line two")).toBe("line one line two");
    expect(cell("defaults to https://<host>")).toBe("defaults to https://&lt;host&gt;");
    expect(cell("series whose __name__ matches")).toBe("series whose `__name__` matches");
    expect(cell("code `<kept>` and `__name__` stay")).toBe("code `<kept>` and `__name__` stay");
  });
});

/** Leaf paths of a parsed settings object: objects are walked, lists and scalars are leaves. */
function leafPaths(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) =>
    leafPaths(child, prefix ? `${prefix}.${key}` : key),
  );
}

describe("settings reference", () => {
  const rows = settingRows();
  const byPath = new Map(rows.map((row) => [row.path, row]));

  it("lists every setting a parsed stack has", () => {
    const parsed = settingsSchema.parse({ target: "docker", environment: "dev", cluster: "xai-dev" });
    const missing = leafPaths(parsed).filter(
      (path) => !byPath.has(path) && !rows.some((row) => path.startsWith(`${row.path}.`)),
    );
    expect(missing).toEqual([]);
  });

  it("lists each path once", () => {
    expect(new Set(rows.map((row) => row.path)).size).toBe(rows.length);
  });

  it("shows required keys, enums and defaults from the schema", () => {
    expect(byPath.get("target")).toMatchObject({ defaultText: "required" });
    expect(byPath.get("target")?.type).toMatch(/`docker`.*`kubernetes`/);
    expect(byPath.get("scrapeInterval")?.defaultText).toBe("`15s`");
    expect(byPath.get("xaiNodes")?.type).toBe("list of objects");
    expect(byPath.get("xaiNodes[].name")?.defaultText).toBe("required");
  });

  it("shows defaults that a transform fills in", () => {
    expect(byPath.get("resources.prometheus.memory")?.defaultText).toBe(
      `\`${DEFAULT_RESOURCES.prometheus.memory}\``,
    );
  });

  it("uses the doc comments written on the schema's fields", () => {
    const docs = settingDocComments(SCHEMA_FILE, "SettingsInput");
    expect(docs.size).toBeGreaterThan(0);
    for (const [path, doc] of docs) {
      const row = byPath.get(path);
      if (row) expect(row.description, path).toBe(doc);
    }
  });

  it("has no fallback description for a key that does not exist", () => {
    const stale = Object.keys(FALLBACK_DESCRIPTIONS).filter(
      (pattern) => !rows.some((row) => fallbackMatches(pattern, row.path)),
    );
    expect(stale).toEqual([]);
  });

  it("matches fallback patterns one segment per star", () => {
    expect(fallbackMatches("resources.*.memory", "resources.node-exporter.memory")).toBe(true);
    expect(fallbackMatches("resources.*.memory", "resources.memory")).toBe(false);
    expect(fallbackMatches("images.*", "images.loki.tag")).toBe(false);
  });

  it("lists every secret key", async () => {
    const markdown = await settingsReferenceMarkdown(join(REPO_ROOT, "README.md"));
    for (const key of Object.keys(SECRET_KEYS)) expect(markdown).toContain(`| \`${key}\``);
  });
});

describe("metric contract", () => {
  it("has a row per XAI family with its type, labels, unit and buckets", async () => {
    const markdown = await metricContractMarkdown(join(REPO_ROOT, "docs", "METRICS_INTEGRATION.md"));
    const rows = markdown.split("\n").filter((line) => line.startsWith("| `xai_"));
    expect(rows).toHaveLength(XAI_FAMILIES.length);
    for (const family of XAI_FAMILIES as readonly MetricFamily[]) {
      const row = rows.find((line) => line.startsWith(`| \`${family.name}\` `));
      expect(row, family.name).toBeDefined();
      const cells = (row ?? "").split("|").map((text) => text.trim());
      expect(cells[2]).toBe(family.type);
      expect(cells[3]).toBe(family.labels.map((label) => `\`${label}\``).join(", "));
      expect(cells[4]).toBe(family.unit ?? "");
      expect(cells[5]).toBe(family.buckets?.join(", ") ?? "");
    }
  });

  it("states a series naming rule that holds for every family", () => {
    for (const family of XAI_FAMILIES as readonly MetricFamily[]) {
      const base = family.name.replace(/_total$/, "");
      const expected =
        family.type === "counter"
          ? [family.name, `${base}_created`]
          : family.type === "histogram"
            ? ["_bucket", "_sum", "_count", "_created"].map((suffix) => `${family.name}${suffix}`)
            : family.type === "info"
              ? [`${family.name}_info`]
              : [family.name];
      expect([...family.series].sort(), family.name).toEqual(expected.sort());
    }
  });
});

describe("alert catalogue", () => {
  const settings = testSettings({}, { stack: "docs" });

  it("has a row per alert with its group, severity, service and for", async () => {
    const markdown = await alertCatalogueMarkdown(join(REPO_ROOT, "docs", "MONITORING_GUIDE.md"));
    const rows = markdown.split("\n").filter((line) => line.startsWith("| ["));
    const alerts = alertDefinitions(settings);
    expect(rows).toHaveLength(alerts.length);
    for (const alert of alerts) {
      const row = rows.find((line) => line.startsWith(`| [${alert.name}](`));
      const cells = (row ?? "").split("|").map((text) => text.trim());
      expect(cells.slice(2, 6), alert.name).toEqual([
        `\`${alert.group}\``,
        alert.severity,
        `\`${alert.service}\``,
        `\`${alert.for}\``,
      ]);
    }
  });

  it("links every alert to a runbook that exists", async () => {
    const markdown = await alertCatalogueMarkdown(join(REPO_ROOT, "docs", "MONITORING_GUIDE.md"));
    const links = [...markdown.matchAll(/\]\((runbooks\/[^)]+)\)/g)].map((match) => match[1] ?? "");
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(existsSync(join(REPO_ROOT, "docs", link)), link).toBe(true);
  });
});
