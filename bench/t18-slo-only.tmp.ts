import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { measureLiveFleet } from "./liveFleet";
import { measureSloDashboard, sloRows } from "./slo";

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), "xai-bench-slo-"));
  try {
    const live = await measureLiveFleet(join(root, "live"), 100, 1, 30, (p) => measureSloDashboard(p, 5));
    console.log(JSON.stringify({ groups: live.ruleEvaluation.groups, all: live.ruleEvaluation.allGroupsP50Ms, slo: live.extra }, null, 1));
    for (const row of sloRows(live, 100)) console.log(row.join(" | "));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
void main();
