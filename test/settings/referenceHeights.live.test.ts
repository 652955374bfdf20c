import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderPrometheusConfig } from "../../components/prometheus/config";
import { REFERENCE_HEIGHT_METRIC } from "../../metrics";
import { runTool } from "../../harness/binaries";
import { settingsErrorOf, testSettings } from "../../harness/settings";

interface ScrapeJob {
  job_name: string;
  static_configs: { targets: string[]; labels?: Record<string, string> }[];
  metric_relabel_configs?: Record<string, unknown>[];
}

const REFERENCES = {
  mainnet: {
    referenceHeights: [
      { name: "explorer", address: "explorer.example.org:9400", metric: "explorer_block_height" },
      { name: "archive", address: "10.0.0.9:8000", metric: "xai_block_height" },
    ],
  },
};

function jobs(values: Record<string, unknown>): ScrapeJob[] {
  return (parse(renderPrometheusConfig(testSettings(values))) as { scrape_configs: ScrapeJob[] })
    .scrape_configs;
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("networks.<network>.referenceHeights", () => {
  it("adds no scrape job when no network names a reference", () => {
    expect(jobs({}).map((job) => job.job_name)).not.toContain("xai-reference");
  });

  it("scrapes each reference as a target labelled with its network and name, keeping only its height", () => {
    const reference = jobs({ networks: REFERENCES }).find((job) => job.job_name === "xai-reference");
    expect(reference?.static_configs).toStrictEqual([
      { targets: ["explorer.example.org:9400"], labels: { network: "mainnet", reference: "explorer" } },
      { targets: ["10.0.0.9:8000"], labels: { network: "mainnet", reference: "archive" } },
    ]);
    expect(reference?.metric_relabel_configs).toStrictEqual([
      {
        source_labels: ["network", "reference", "__name__"],
        regex: "mainnet;explorer;explorer_block_height",
        target_label: "__name__",
        replacement: REFERENCE_HEIGHT_METRIC,
      },
      {
        source_labels: ["network", "reference", "__name__"],
        regex: "mainnet;archive;xai_block_height",
        target_label: "__name__",
        replacement: REFERENCE_HEIGHT_METRIC,
      },
      { source_labels: ["__name__"], regex: REFERENCE_HEIGHT_METRIC, action: "keep" },
    ]);
  });

  it("renders a configuration promtool accepts", () => {
    const dir = mkdtempSync(join(tmpdir(), "reference-config-"));
    dirs.push(dir);
    const config = parse(renderPrometheusConfig(testSettings({ networks: REFERENCES }))) as Record<
      string,
      unknown
    >;
    // Only the scrape jobs: rule files are checked elsewhere.
    writeFileSync(join(dir, "prometheus.yml"), JSON.stringify({ ...config, rule_files: [] }));
    const result = runTool("promtool", ["check", "config", "prometheus.yml"], { cwd: dir });
    expect(result.stdout + result.stderr).toMatch(/SUCCESS: prometheus\.yml is valid/);
    expect(result.status).toBe(0);
  });

  it("names the key, the expected form and the value of a bad reference", () => {
    const error = settingsErrorOf(() =>
      testSettings({
        networks: {
          mainnet: {
            referenceHeights: [
              { name: "explorer", address: "explorer.example.org", metric: "explorer-height" },
              { name: "explorer", address: "10.0.0.9:8000", metric: "h" },
            ],
          },
        },
      }),
    );
    const text = error.problems.join("\n");
    expect(text).toMatch(/networks\.mainnet\.referenceHeights\[0\]\.address: expected host:port/);
    expect(text).toMatch(
      /networks\.mainnet\.referenceHeights\[0\]\.metric: expected a metric name .*explorer-height/,
    );
    expect(text).toMatch(
      /networks\.mainnet\.referenceHeights\[1\]\.name: expected a name used once per network/,
    );
  });
});
