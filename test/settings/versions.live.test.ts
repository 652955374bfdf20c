import { describe, expect, it } from "vitest";
import { DEFAULT_IMAGES } from "../../settings";
import { IMAGE_PROOFS, versionGaps, type ImageProof, type TestedTool } from "../../settings/versions";
import { spawnSync } from "node:child_process";
import { binaryVersion } from "../../harness/binaries";
import { haproxyPath } from "../../harness/haproxy";

function testedVersion(tool: TestedTool): string {
  if (tool !== "haproxy") return binaryVersion(tool);
  const printed = spawnSync(haproxyPath(), ["-v"], { encoding: "utf8" }).stdout;
  const match = /version (\d+\.\d+\.\d+)/.exec(printed);
  if (match?.[1] === undefined) throw new Error(`haproxy -v printed no version: ${printed}`);
  return match[1];
}

describe("deployed versions and the binaries that test them", () => {
  it("covers every pinned image, with no major gap and no unexplained minor gap", () => {
    expect(versionGaps(DEFAULT_IMAGES, IMAGE_PROOFS)).toEqual([]);
  });

  it("names the binaries the tests really run", () => {
    for (const proof of Object.values(IMAGE_PROOFS)) {
      if ("untested" in proof) continue;
      expect(testedVersion(proof.tool), proof.tool).toBe(proof.version);
    }
  });

  it("fails on a major mismatch, even with a reason", () => {
    const proofs: Record<string, ImageProof> = {
      prometheus: { tool: "prometheus", version: "2.42.0", minorGapIsSafe: "a reason" },
    };
    expect(versionGaps({ prometheus: "prom/prometheus:v3.14.0" }, proofs)).toEqual([
      "prometheus: prom/prometheus:v3.14.0 is a different major version than the tested prometheus 2.42.0",
    ]);
  });

  it("fails on a minor mismatch without a reason, and accepts it with one", () => {
    const image = { alertmanager: "prom/alertmanager:v0.34.1" };
    expect(versionGaps(image, { alertmanager: { tool: "alertmanager", version: "0.33.1" } })).toEqual([
      "alertmanager: prom/alertmanager:v0.34.1 and the tested alertmanager 0.33.1 differ in minor version, and no reason says why that is safe",
    ]);
    expect(
      versionGaps(image, {
        alertmanager: { tool: "alertmanager", version: "0.33.1", minorGapIsSafe: "why" },
      }),
    ).toEqual([]);
    expect(versionGaps(image, { alertmanager: { tool: "alertmanager", version: "0.34.0" } })).toEqual([]);
  });

  it("fails on an image with no entry", () => {
    expect(versionGaps({ tempo: "grafana/tempo:2.9.0" }, {})).toEqual([
      "tempo: grafana/tempo:2.9.0 has no entry saying which binary tests it",
    ]);
  });
});
