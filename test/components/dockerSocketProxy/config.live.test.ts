import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request as httpRequest, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServiceSpecs, enabledServices } from "../../../components/catalog";
import {
  DOCKER_SOCKET_PATH,
  renderDockerSocketProxyConfig,
} from "../../../components/dockerSocketProxy/config";
import type { Platform } from "../../../components/platform";
import { ServiceComponent } from "../../../components/serviceComponent";
import { haproxyPath } from "../../../harness/haproxy";
import { installPulumiMocks } from "../../../harness/pulumiMocks";
import { freePort, ProcessGroup } from "../../../harness/processes";
import { testSettings } from "../../../harness/settings";

interface Answer {
  readonly status: number;
  readonly body: string;
}

/** One raw HTTP request: the path goes out exactly as written (fetch would normalise "..", "%2F"). */
function send(port: number, method: string, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: "127.0.0.1", port, method, path }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      response.on("end", () => {
        resolve({ status: response.statusCode ?? 0, body });
      });
    });
    outgoing.on("error", reject);
    outgoing.end();
  });
}

/** Every request a client may make: the proxy passes each one to Docker unchanged. */
const ALLOWED: readonly (readonly [string, string])[] = [
  ["HEAD", "/_ping"],
  ["GET", "/_ping"],
  ["GET", "/v1.47/version"],
  ["GET", "/v1.47/info"],
  ["GET", "/v1.47/containers/json?all=0"],
  ["GET", "/containers/json"],
  ["GET", "/v1.47/containers/3f1c0ffee/json"],
  ["GET", "/v1.47/containers/xai-dev-loki/json"],
  ["GET", "/v1.47/containers/3f1c0ffee/logs?follow=1&stdout=1&stderr=1&timestamps=1"],
];

/** Writes, exec, file access and everything discovery does not need: 403, and Docker never sees them. */
const REFUSED: readonly (readonly [string, string])[] = [
  ["POST", "/v1.47/containers/create?name=evil"],
  ["POST", "/containers/create"],
  ["DELETE", "/v1.47/containers/3f1c0ffee?force=1"],
  ["POST", "/v1.47/containers/3f1c0ffee/exec"],
  ["POST", "/v1.47/exec/e1/start"],
  ["POST", "/v1.47/containers/3f1c0ffee/start"],
  ["POST", "/v1.47/containers/3f1c0ffee/kill"],
  ["PUT", "/v1.47/containers/3f1c0ffee/archive?path=/"],
  ["GET", "/v1.47/containers/3f1c0ffee/archive?path=/etc/shadow"],
  ["GET", "/v1.47/containers/3f1c0ffee/export"],
  ["POST", "/v1.47/containers/json"],
  ["POST", "/v1.47/images/create?fromImage=evil"],
  ["GET", "/v1.47/images/json"],
  ["POST", "/v1.47/build"],
  ["GET", "/v1.47/secrets"],
  ["POST", "/v1.47/swarm/init"],
  ["GET", "/v1.47/events"],
  ["GET", "/v1.47/containers/../images/json"],
  ["GET", "/v1.47/containers/3f1c0ffee/json/../../create"],
  ["GET", "/v1.47/containers/a%2F..%2Fcreate/json"],
  ["GET", "/v1.47/containers/json/"],
  ["GET", "/v1.47/containers/3f1c0ffee/exec/logs"],
  ["GET", "/v1.47/containers/3f1c0ffee/logs/../../3f1c0ffee/exec"],
];

describe("Docker socket proxy: the rendered HAProxy filter, run by Debian's haproxy", () => {
  const processes = new ProcessGroup();
  let dir: string;
  let docker: Server;
  let apiPort: number;
  const reachedDocker: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "docker-socket-proxy-"));
    const socketPath = join(dir, "docker.sock");
    // A fake Docker API on a unix socket, like dockerd's; it records every request that gets through.
    docker = createServer((incoming, response) => {
      reachedDocker.push(`${incoming.method ?? ""} ${incoming.url ?? ""}`);
      response.writeHead(200, { "content-type": "application/json" });
      response.end(incoming.method === "HEAD" ? undefined : '{"fake":"docker"}');
    });
    await new Promise<void>((resolve) => docker.listen(socketPath, resolve));

    apiPort = await freePort();
    const healthPort = await freePort();
    const config = join(dir, "haproxy.cfg");
    writeFileSync(
      config,
      renderDockerSocketProxyConfig({
        listen: `127.0.0.1:${apiPort}`,
        healthListen: `127.0.0.1:${healthPort}`,
        socketPath,
      }),
    );
    await processes.start({
      name: "haproxy",
      command: haproxyPath(),
      args: ["-db", "-f", config],
      readyUrl: `http://127.0.0.1:${healthPort}/healthz`,
      readyTimeoutMs: 60_000,
    });
  }, 90_000);

  afterAll(async () => {
    await processes.stopAll();
    await new Promise((resolve) => docker.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it("the config the container runs is valid for haproxy (haproxy -c)", () => {
    const config = join(dir, "container.cfg");
    writeFileSync(config, renderDockerSocketProxyConfig());
    const check = spawnSync(haproxyPath(), ["-c", "-f", config], { encoding: "utf8" });
    expect(check.status, `${check.stdout}\n${check.stderr}`).toBe(0);
  });

  it("passes the read calls discovery and cAdvisor make through to Docker", async () => {
    for (const [method, path] of ALLOWED) {
      const answer = await send(apiPort, method, path);
      expect(answer.status, `${method} ${path}`).toBe(200);
    }
    expect(reachedDocker).toEqual(ALLOWED.map(([method, path]) => `${method} ${path}`));
  });

  it("refuses every write, exec and file access with 403, and none of them reaches Docker", async () => {
    const before = reachedDocker.length;
    for (const [method, path] of REFUSED) {
      const answer = await send(apiPort, method, path);
      expect(answer.status, `${method} ${path}`).toBe(403);
    }
    expect(reachedDocker.slice(before)).toEqual([]);
  });
});

describe("only the socket proxy mounts the Docker socket", () => {
  it("on Docker: the proxy mounts it read-only, the log shipper and cAdvisor use the proxy", () => {
    for (const shipper of ["promtail", "alloy"] as const) {
      const specs = buildServiceSpecs(testSettings({ target: "docker", logs: { enabled: true, shipper } }));
      const mounting = specs.filter((spec) =>
        spec.hostMounts.some(
          (mount) => mount.hostPath === DOCKER_SOCKET_PATH || mount.hostPath === "/var/run",
        ),
      );
      expect(mounting.map((spec) => spec.name)).toEqual(["docker-socket-proxy"]);
      const proxy = mounting[0];
      expect(proxy?.hostMounts).toEqual([
        expect.objectContaining({ hostPath: DOCKER_SOCKET_PATH, readOnly: true }),
      ]);
      // Never published: only the stack's internal network reaches it.
      expect(proxy?.ports.every((port) => port.publishedPort === undefined)).toBe(true);
      const cadvisor = specs.find((spec) => spec.name === "cadvisor");
      expect(cadvisor?.args).toContain("--docker=tcp://docker-socket-proxy:2375");
      expect(cadvisor?.startAfter).toEqual(["docker-socket-proxy"]);
    }
  });

  it("on Kubernetes: nothing mounts the Docker socket and no proxy runs", () => {
    const specs = buildServiceSpecs(
      testSettings({ target: "kubernetes", kubernetes: { cadvisor: "daemonset" }, logs: { enabled: true } }),
    );
    expect(specs.map((spec) => spec.name)).not.toContain("docker-socket-proxy");
    for (const spec of specs) {
      for (const mount of spec.hostMounts) {
        expect(`${spec.name} ${mount.hostPath}`).not.toMatch(/ (\/var\/run|\/var\/run\/docker\.sock|\/run)$/);
      }
    }
  });
});

describe("services that read the Docker API start after the proxy", () => {
  it("hands the proxy's ready resource to the platform when deploying cAdvisor, and refuses a missing proxy", async () => {
    await installPulumiMocks("socket-proxy-order", { target: "docker" });
    const settings = testSettings({ target: "docker" });
    const deployed: { service: string; startAfter: readonly pulumi.Resource[] }[] = [];
    const platform: Platform = {
      deploy(spec, _parent, startAfter = []) {
        deployed.push({ service: spec.name, startAfter });
        const ready = new pulumi.ComponentResource("test:index:Ready", `${spec.name}-ready`);
        return {
          internalUrl: pulumi.output(spec.name),
          healthy: pulumi.output(true),
          readyResource: ready,
        };
      },
    };
    const proxy = new ServiceComponent("docker-socket-proxy", {
      service: "docker-socket-proxy",
      settings,
      platform,
    });
    new ServiceComponent("cadvisor", {
      service: "cadvisor",
      settings,
      platform,
      readyResources: { "docker-socket-proxy": proxy.readyResource },
    });
    expect(deployed.map((entry) => entry.service)).toEqual(["docker-socket-proxy", "cadvisor"]);
    expect(deployed[0]?.startAfter).toEqual([]);
    expect(deployed[1]?.startAfter).toEqual([proxy.readyResource]);
    expect(() => new ServiceComponent("cadvisor-alone", { service: "cadvisor", settings, platform })).toThrow(
      /cadvisor starts after docker-socket-proxy, which is not deployed before it/,
    );
  });

  it("deploys the proxy before its clients in the stack's order", () => {
    const order = enabledServices(
      testSettings({ target: "docker", logs: { enabled: true, shipper: "alloy" } }),
    );
    const proxy = order.indexOf("docker-socket-proxy");
    expect(proxy).toBeGreaterThanOrEqual(0);
    for (const client of ["cadvisor", "alloy"] as const) expect(order.indexOf(client)).toBeGreaterThan(proxy);
  });
});
