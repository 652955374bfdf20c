import * as pulumi from "@pulumi/pulumi";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadStackSettings } from "../../settings/pulumi";
import { stackWarnings } from "../../components/warnings";
import { deployMocked, installPulumiMocks } from "../../harness/pulumiMocks";

/** pulumi preview logs exactly the warnings render prints: both call stackWarnings. */
describe("the warnings pulumi preview prints", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("are stackWarnings' list: public bind address, ignored kubernetes settings, channels without credentials", async () => {
    const logged: string[] = [];
    vi.spyOn(pulumi.log, "warn").mockImplementation((message: string) => {
      logged.push(message);
      return Promise.resolve();
    });
    const { settings } = await deployMocked(
      "dev",
      { target: "docker", expose: { bindAddress: "0.0.0.0" }, kubernetes: { namespace: "xai" } },
      { name: "dev" },
    );
    const expected = stackWarnings(settings);
    expect(expected).toHaveLength(3);
    expect(expected[0]).toMatch(/^kubernetes: these settings apply to the kubernetes target only/);
    expect(expected[1]).toMatch(/^expose\.bindAddress 0\.0\.0\.0 publishes Prometheus, Alertmanager, Loki/);
    expect(expected[2]).toContain("alert channel(s) have no credentials");
    expect(logged).toEqual(expected);
  });

  it("are quiet about the bind address and other-target settings for the defaults", async () => {
    await installPulumiMocks("dev", { target: "docker" });
    const { settings } = loadStackSettings();
    expect(stackWarnings(settings).join("\n")).not.toMatch(/bindAddress|apply to the/);
  });
});
