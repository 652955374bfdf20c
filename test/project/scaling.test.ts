import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { XAI_FAMILIES, type MetricFamily } from "../../metrics";
import { REPO_ROOT } from "../../harness/kubernetes";

/** Series one family exposes per combination of label values. */
function seriesPerCombination(family: MetricFamily): number {
  // A histogram is its finite buckets, +Inf, _sum, _count and _created.
  if (family.type === "histogram") return (family.buckets?.length ?? 0) + 4;
  return family.series.length;
}

/** The label-value combinations docs/SCALING.md assumes for the labelled families. */
const ASSUMED_COMBINATIONS: Record<string, number> = {
  xai_transactions_total: 3,
  xai_network_messages_total: 8,
  xai_network_errors_total: 5,
  xai_api_requests_total: 20 * 4,
  xai_api_request_duration_seconds: 20,
  xai_api_errors_total: 20 * 3,
  xai_wallet_balance_xai: 20,
  xai_wallet_transactions_total: 20 * 2,
  xai_validation_failures_total: 5,
  xai_validation_errors_total: 5,
  xai_ai_tasks_total: 3 * 3,
  xai_ai_task_duration_seconds: 3,
  xai_ai_task_cost_total: 3,
};

const scaling = readFileSync(join(REPO_ROOT, "docs", "SCALING.md"), "utf8");

describe("docs/SCALING.md numbers come from the metric catalog", () => {
  const families: readonly MetricFamily[] = XAI_FAMILIES;

  it("counts the families and their series at one value per label", () => {
    const base = families.reduce((sum, family) => sum + seriesPerCombination(family), 0);
    expect(scaling).toContain(`${families.length} families`);
    expect(scaling).toContain(`**${base} series**`);
  });

  it("multiplies out the labelled families with the stated assumptions", () => {
    const labelled = families.filter((family) => family.labels.length > 0 && family.type !== "info");
    expect(labelled.map((family) => family.name).sort()).toEqual(Object.keys(ASSUMED_COMBINATIONS).sort());
    const perNode = families.reduce(
      (sum, family) => sum + seriesPerCombination(family) * (ASSUMED_COMBINATIONS[family.name] ?? 1),
      0,
    );
    const rounded = Math.round(perNode / 10) * 10;
    expect(scaling).toMatch(new RegExp(`\\*\\*per XAI node\\*\\*.*\\*\\*≈ ${rounded}\\*\\*`));
  });
});
