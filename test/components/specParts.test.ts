import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bashHealthCheck, wgetHealthCheck } from "../../components/specParts";

/** Runs a health-check command the way Docker's exec form would, with a bounded wait. */
function runCheck(command: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const [binary, ...args] = command;
    if (binary === undefined) {
      reject(new Error("empty command"));
      return;
    }
    const child = spawn(binary, args, { stdio: "ignore", timeout: 10_000 });
    child.on("error", reject);
    child.on("exit", (code) => {
      resolve(code ?? -1);
    });
  });
}

/** Replaces the spec's port (the service's) with the test server's. */
function onPort(command: readonly string[], from: number, to: number): string[] {
  return command.map((part) =>
    part.replaceAll(`127.0.0.1:${from}`, `127.0.0.1:${to}`).replaceAll(`/${from} `, `/${to} `),
  );
}

describe("health-check commands against a real HTTP server on 127.0.0.1", () => {
  let server: Server;
  let port = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      response.statusCode = request.url === "/ready" ? 200 : 503;
      response.end(request.url === "/ready" ? "ready\n" : "not ready\n");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  });

  it("bash /dev/tcp probe (Promtail, Alloy) passes on 200", async () => {
    const check = bashHealthCheck(9080, "/ready");
    expect(await runCheck(onPort(check.command, 9080, port))).toBe(0);
  });

  it("bash /dev/tcp probe fails on a non-200 status", async () => {
    const check = bashHealthCheck(9080, "/-/ready");
    expect(await runCheck(onPort(check.command, 9080, port))).not.toBe(0);
  });

  it("bash /dev/tcp probe fails when nothing listens", async () => {
    const check = bashHealthCheck(1, "/ready");
    expect(await runCheck(check.command)).not.toBe(0);
  });

  it("wget probe passes on 200 and fails otherwise", async () => {
    const ready = wgetHealthCheck(9090, "/ready");
    expect(await runCheck(onPort(ready.command, 9090, port))).toBe(0);
    const notReady = wgetHealthCheck(9090, "/-/ready");
    expect(await runCheck(onPort(notReady.command, 9090, port))).not.toBe(0);
  });
});
