import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { parseSettings, SettingsError } from "../../settings";
import { decodeConfigValue, TEXT_KEYS } from "../../settings/decoding";
import { loadStackSettings } from "../../settings/pulumi";
import { stackConfigFromYaml } from "../../settings/stackFile";
import { installPulumiMocks } from "../../harness/pulumiMocks";

/**
 * `pulumi up` hands the program each top-level value as the text written in Pulumi.<stack>.yaml (objects
 * as JSON); render reads the file itself. Both must end with the same settings.
 */
const STACK_FILE = [
  "config:",
  "  xai-observability:target: docker",
  "  xai-observability:environment: 2024",
  "  xai-observability:expectedVersion: 1.10",
  "  xai-observability:demoNode: true",
  "  xai-observability:retention:",
  "    prometheusTime: 30d",
  "    lokiPeriod: 720h",
  "",
].join("\n");

/** What the Pulumi engine passes for the file above: the scalars' text, the object as JSON. */
const PULUMI_CONFIG = {
  target: "docker",
  environment: "2024",
  expectedVersion: "1.10",
  demoNode: "true",
  retention: '{"lokiPeriod":"720h","prometheusTime":"30d"}',
};

describe("one decoding for render and pulumi up", () => {
  it("keeps text settings as written: expectedVersion 1.10 stays 1.10 on both paths", async () => {
    const rendered = parseSettings(stackConfigFromYaml(STACK_FILE, "xai-observability", "dev"));
    await installPulumiMocks("dev", PULUMI_CONFIG);
    const { settings: deployed } = loadStackSettings();
    for (const settings of [rendered, deployed]) {
      expect(settings.expectedVersion).toBe("1.10");
      expect(settings.environment).toBe("2024");
      expect(settings.demoNode).toBe(true);
      expect(settings.retention.prometheusTime).toBe("30d");
    }
    const { stack: _renderedStack, ...renderedRest } = rendered;
    const { stack: _deployedStack, ...deployedRest } = deployed;
    expect(renderedRest).toEqual(deployedRest);
  });

  it("refuses a bare number for a duration with the same message on both paths", async () => {
    const text = "config:\n  xai-observability:target: docker\n  xai-observability:scrapeInterval: 15\n";
    const fromFile = (() => {
      try {
        parseSettings(stackConfigFromYaml(text, "xai-observability", "dev"));
      } catch (error) {
        return error instanceof SettingsError ? error.problems : [];
      }
      return [];
    })();
    expect(fromFile).toEqual([
      'scrapeInterval: expected a duration such as 15s, 5m, 1h30m or 30d (units y w d h m s ms, largest first) (got "15")',
    ]);
    await installPulumiMocks("dev", { target: "docker", scrapeInterval: "15" });
    expect(() => loadStackSettings()).toThrow(fromFile[0] ?? "no message");
  });

  it("refuses a misspelt namespace on both paths, naming the right key", async () => {
    const text = "config:\n  xai-observability:target: docker\n  xai-observabilty:scrapeInterval: 30s\n";
    const expected =
      'xai-observabilty:scrapeInterval: unknown namespace "xai-observabilty"; expected xai-observability:scrapeInterval';
    expect(() => parseSettings(stackConfigFromYaml(text, "xai-observability", "dev"))).toThrow(expected);
    await installPulumiMocks("dev", { target: "docker" });
    pulumi.runtime.setAllConfig(
      { "xai-observability:target": "docker", "xai-observabilty:scrapeInterval": "30s" },
      [],
    );
    expect(() => loadStackSettings()).toThrow(expected);
  });

  it("decodes only non-text keys as JSON", () => {
    expect([...TEXT_KEYS].sort()).toEqual(
      [
        "cluster",
        "environment",
        "evaluationInterval",
        "expectedVersion",
        "runbookBaseUrl",
        "scrapeInterval",
        "target",
      ].sort(),
    );
    expect(decodeConfigValue("expectedVersion", "1.10")).toBe("1.10");
    expect(decodeConfigValue("demoNode", "true")).toBe(true);
    expect(decodeConfigValue("xaiNodes", "[]")).toEqual([]);
  });
});
