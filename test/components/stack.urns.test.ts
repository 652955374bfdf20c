import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readStackConfig } from "../../settings/stackFile";
import { REPO_ROOT } from "../../harness/kubernetes";
import { deployMocked, registeredUrns } from "../../harness/pulumiMocks";

/**
 * The URNs both stacks had before the structure refactor (issue #13), captured from that code. A changed
 * URN makes `pulumi up` replace the resource, so any difference here must come with an alias, never with
 * a new fixture.
 */
const FIXTURE = join(__dirname, "stack.urns.fixture.json");

async function stackUrns(stack: "dev" | "prod"): Promise<string[]> {
  await deployMocked(
    stack,
    { ...readStackConfig(REPO_ROOT, stack).values, grafanaAdminPassword: "urn-test-password" },
    { secretKeys: ["grafanaAdminPassword"] },
  );
  return registeredUrns();
}

describe("resource URNs (kept across refactors)", () => {
  it("are the ones the dev and prod stacks had before", async () => {
    const current = { dev: await stackUrns("dev"), prod: await stackUrns("prod") };
    const before = JSON.parse(readFileSync(FIXTURE, "utf8")) as typeof current;
    expect(current.dev.length).toBeGreaterThan(30);
    expect(current).toEqual(before);
  });
});
