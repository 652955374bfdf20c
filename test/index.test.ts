import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { installPulumiMocks, outputValue } from "../harness/pulumiMocks";

type Program = typeof import("../index.js");

describe("the Pulumi program (index.ts) on the dev stack", () => {
  it("exports the stack outputs, with the admin password as a secret", async () => {
    await installPulumiMocks("dev", { target: "docker" });
    // Imported only now: the program runs on import, and must see the mocks and config above.
    const program: Program = await import("../index.js");
    expect(Object.keys(program)).toEqual(
      expect.arrayContaining([
        "prometheusUrl",
        "grafanaUrl",
        "alertmanagerUrl",
        "lokiUrl",
        "grafanaAdminUser",
        "grafanaAdminPassword",
      ]),
    );
    expect(await outputValue(program.prometheusUrl)).toBe("http://127.0.0.1:9090");
    expect(await outputValue(program.grafanaUrl)).toBe("http://127.0.0.1:3000");
    expect(await outputValue(program.alertmanagerUrl)).toBe("http://127.0.0.1:9093");
    expect(program.lokiUrl).toBeDefined();
    expect(await outputValue(program.lokiUrl as pulumi.Output<string>)).toBe("http://127.0.0.1:3100");
    expect(await outputValue(program.grafanaAdminUser)).toBe("admin");
    expect(await pulumi.isSecret(program.grafanaAdminPassword)).toBe(true);
  });
});
