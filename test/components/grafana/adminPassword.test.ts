import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  adminPasswordProvider,
  GrafanaPasswordRotationError,
  rotateGrafanaAdminPassword,
} from "../../../components/grafana/adminPassword";

const OLD = "old-admin-password-7f3a";
const NEW = "new-admin-password-9c1e";
const FAST = { attempts: 2, retryDelayMs: 10, timeoutMs: 5000 };

/** A fake Grafana on 127.0.0.1 with the two endpoints the step uses, and Grafana's status codes. */
class FakeGrafana {
  password = OLD;
  /** When set, PUT /api/user/password answers 400 with a message that echoes the new password. */
  rejectNewPasswordEchoingIt = false;
  readonly requests: string[] = [];
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      void this.handle(request).then(({ status, body }) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private authenticated(request: IncomingMessage): boolean {
    const header = request.headers.authorization ?? "";
    const decoded = Buffer.from(header.replace(/^Basic /, ""), "base64").toString("utf8");
    return decoded === `admin:${this.password}`;
  }

  private async handle(request: IncomingMessage): Promise<{ status: number; body: unknown }> {
    let raw = "";
    for await (const chunk of request) raw += String(chunk);
    this.requests.push(`${request.method ?? ""} ${request.url ?? ""}`);
    if (!this.authenticated(request))
      return { status: 401, body: { message: "Invalid username or password" } };
    if (request.method === "GET" && request.url === "/api/user")
      return { status: 200, body: { login: "admin" } };
    if (request.method === "PUT" && request.url === "/api/user/password") {
      const body = JSON.parse(raw) as { oldPassword?: string; newPassword?: string };
      if (body.oldPassword !== this.password)
        return { status: 401, body: { message: "Invalid old password" } };
      if (this.rejectNewPasswordEchoingIt) {
        return { status: 400, body: { message: `password ${body.newPassword ?? ""} is not allowed` } };
      }
      this.password = body.newPassword ?? "";
      return { status: 200, body: { message: "User password changed" } };
    }
    return { status: 404, body: { message: "Not found" } };
  }
}

describe("rotating the Grafana admin password through its API (fake Grafana on 127.0.0.1)", () => {
  let grafana: FakeGrafana;
  let url: string;
  let printed: string[];

  beforeAll(() => {
    printed = [];
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        printed.push(args.map(String).join(" "));
      });
    }
  });

  beforeEach(async () => {
    grafana = new FakeGrafana();
    url = await grafana.start();
  });

  afterEach(async () => {
    await grafana.stop();
  });

  afterAll(() => {
    // Nothing the step did printed a password.
    expect(printed.join("\n")).not.toContain(OLD);
    expect(printed.join("\n")).not.toContain(NEW);
    vi.restoreAllMocks();
  });

  it("logs in with the previous password and sets the new one", async () => {
    const outcome = await rotateGrafanaAdminPassword(
      { url, user: "admin", oldPassword: OLD, newPassword: NEW },
      FAST,
    );
    expect(outcome).toBe("rotated");
    expect(grafana.password).toBe(NEW);
    expect(grafana.requests).toEqual(["GET /api/user", "PUT /api/user/password", "GET /api/user"]);
  });

  it("does nothing when the password did not change", async () => {
    expect(
      await rotateGrafanaAdminPassword({ url, user: "admin", oldPassword: OLD, newPassword: OLD }, FAST),
    ).toBe("unchanged");
    expect(grafana.requests).toEqual([]);
  });

  it("is idempotent: a Grafana that already accepts the new password is left alone", async () => {
    grafana.password = NEW;
    expect(
      await rotateGrafanaAdminPassword({ url, user: "admin", oldPassword: OLD, newPassword: NEW }, FAST),
    ).toBe("already-current");
    expect(grafana.requests).toEqual(["GET /api/user", "GET /api/user"]);
  });

  it("fails clearly, naming the setting and the fix, when neither password works", async () => {
    grafana.password = "someone-else-changed-it";
    const attempt = rotateGrafanaAdminPassword(
      { url, user: "admin", oldPassword: OLD, newPassword: NEW },
      FAST,
    );
    await expect(attempt).rejects.toThrow(GrafanaPasswordRotationError);
    const message = await attempt.catch((error: unknown) => (error instanceof Error ? error.message : ""));
    expect(message).toMatch(/^grafanaAdminPassword: .*accepts neither the previous nor the new password/);
    expect(message).toContain("grafana cli admin reset-admin-password");
    expect(message).not.toContain(OLD);
    expect(message).not.toContain(NEW);
    expect(grafana.password).toBe("someone-else-changed-it");
  });

  it("reports Grafana's refusal without echoing the password back", async () => {
    grafana.rejectNewPasswordEchoingIt = true;
    const message = await rotateGrafanaAdminPassword(
      { url, user: "admin", oldPassword: OLD, newPassword: NEW },
      FAST,
    ).catch((error: unknown) => (error instanceof Error ? error.message : ""));
    expect(message).toMatch(
      /refused the new admin password: HTTP 400 \(password <redacted> is not allowed\)/,
    );
    expect(message).not.toContain(NEW);
    expect(grafana.password).toBe(OLD);
  });

  it("gives up with the URL and the cause when Grafana cannot be reached", async () => {
    await grafana.stop();
    const message = await rotateGrafanaAdminPassword(
      { url, user: "admin", oldPassword: OLD, newPassword: NEW },
      FAST,
    ).catch((error: unknown) => (error instanceof Error ? error.message : ""));
    expect(message).toMatch(
      /^grafanaAdminPassword: could not reach Grafana at http:\/\/127\.0\.0\.1:\d+\/api\/user after 2 attempts/,
    );
    grafana = new FakeGrafana();
    url = await grafana.start();
  });

  it("the dynamic provider rotates from the recorded previous password on update, and only then", async () => {
    const before = { url, user: "admin", password: OLD };
    const after = { url, user: "admin", password: NEW };
    expect((await adminPasswordProvider.diff("id", before, before)).changes).toBe(false);
    expect((await adminPasswordProvider.diff("id", before, after)).changes).toBe(true);
    // Create only records: Grafana took the password from its file on first start.
    expect((await adminPasswordProvider.create(before)).outs).toEqual(before);
    expect(grafana.requests).toEqual([]);
    expect((await adminPasswordProvider.update("id", before, after)).outs).toEqual(after);
    expect(grafana.password).toBe(NEW);
  });
});
