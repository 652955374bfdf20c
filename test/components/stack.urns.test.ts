import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readStackConfig } from "../../settings/stackFile";
import { REPO_ROOT } from "../../harness/kubernetes";
import { deployMocked, registeredUrns } from "../../harness/pulumiMocks";

/**
 * The URNs both stacks had before the structure refactor (issue #13), captured from that code. A changed
 * URN makes `pulumi up` replace the resource, so any difference here must come with an alias.
 */
const FIXTURE = join(__dirname, "stack.urns.fixture.json");

async function stackUrns(stack: "dev" | "prod"): Promise<string[]> {
  const values =
    stack === "prod" ? readStackConfig(REPO_ROOT, "prod").values : readStackConfig(REPO_ROOT, "dev").values;
  await deployMocked(
    stack,
    { ...values, grafanaAdminPassword: "urn-test-password" },
    { secretKeys: ["grafanaAdminPassword"] },
  );
  return registeredUrns();
}

describe("resource URNs (kept across refactors)", () => {
  it("are the ones the dev and prod stacks had before", async () => {
    const current = { dev: await stackUrns("dev"), prod: await stackUrns("prod") };
    if (process.env.XAI_CAPTURE_URNS === "1") writeFileSync(FIXTURE, `${JSON.stringify(current, null, 2)}\n`);
    const before = JSON.parse(readFileSync(FIXTURE, "utf8")) as typeof current;
    expect(current.dev.length).toBeGreaterThan(30);
    expect(current).toEqual(before);
  });
});
