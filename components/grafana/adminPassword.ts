import * as pulumi from "@pulumi/pulumi";

/**
 * Rotating the Grafana admin password. Grafana reads GF_SECURITY_ADMIN_PASSWORD__FILE only when it creates
 * its database, so a new value in the file changes nothing, while the Grafana provider switches to the new
 * password at once and is locked out. This step logs in with the previous password and sets the new one
 * through Grafana's API (PUT /api/user/password) before the provider, which depends on it, is configured.
 */

export interface AdminPasswordChange {
  /** Grafana's base URL as the Pulumi engine reaches it. */
  readonly url: string;
  readonly user: string;
  readonly oldPassword: string;
  readonly newPassword: string;
}

export type RotationOutcome = "unchanged" | "rotated" | "already-current";

export interface RotationOptions {
  /** Attempts while Grafana is unreachable or answers 5xx (it may still be starting). */
  readonly attempts?: number;
  readonly retryDelayMs?: number;
  readonly timeoutMs?: number;
}

/** A failed rotation; its message names the setting and never contains a password. */
export class GrafanaPasswordRotationError extends Error {
  constructor(message: string) {
    super(`grafanaAdminPassword: ${message}`);
    this.name = "GrafanaPasswordRotationError";
  }
}

function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;
}

/** Grafana's own message from an error body, with any password blanked out in case it was echoed. */
async function grafanaMessage(response: Response, secrets: readonly string[]): Promise<string> {
  let text = "";
  try {
    const body: unknown = await response.json();
    if (typeof body === "object" && body !== null && "message" in body && typeof body.message === "string") {
      text = body.message;
    }
  } catch {
    // Not JSON: the status alone says enough.
  }
  for (const secret of secrets) if (secret !== "") text = text.split(secret).join("<redacted>");
  return text === "" ? `HTTP ${response.status}` : `HTTP ${response.status} (${text})`;
}

async function request(
  url: string,
  init: RequestInit,
  options: Required<RotationOptions>,
  what: string,
): Promise<Response> {
  let lastProblem = "";
  for (let attempt = 1; attempt <= options.attempts; attempt += 1) {
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
      if (response.status < 500) return response;
      lastProblem = `HTTP ${response.status}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    if (attempt < options.attempts) await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs));
  }
  throw new GrafanaPasswordRotationError(
    `could not ${what} at ${url} after ${options.attempts} attempts (${lastProblem})`,
  );
}

async function accepts(
  baseUrl: string,
  user: string,
  password: string,
  options: Required<RotationOptions>,
): Promise<boolean> {
  const response = await request(
    `${baseUrl}/api/user`,
    { method: "GET", headers: { authorization: basicAuth(user, password) } },
    options,
    "reach Grafana",
  );
  await response.body?.cancel();
  return response.ok;
}

/**
 * Sets `newPassword` for the admin user, authenticating with `oldPassword`. Idempotent: when Grafana
 * already accepts the new password (a fresh database, or an earlier run that got this far) it does nothing.
 */
export async function rotateGrafanaAdminPassword(
  change: AdminPasswordChange,
  rotationOptions: RotationOptions = {},
): Promise<RotationOutcome> {
  if (change.oldPassword === change.newPassword) return "unchanged";
  const options = { attempts: 10, retryDelayMs: 3000, timeoutMs: 30_000, ...rotationOptions };
  const baseUrl = change.url.replace(/\/+$/, "");
  const secrets = [change.oldPassword, change.newPassword];

  // The previous password first: on the usual path no login fails (Grafana counts failed logins).
  if (!(await accepts(baseUrl, change.user, change.oldPassword, options))) {
    if (await accepts(baseUrl, change.user, change.newPassword, options)) return "already-current";
    throw new GrafanaPasswordRotationError(
      `Grafana at ${baseUrl} accepts neither the previous nor the new password for admin user "${change.user}"; ` +
        "reset it with `grafana cli admin reset-admin-password <new password>` inside the Grafana container, then run `pulumi up` again",
    );
  }
  const response = await request(
    `${baseUrl}/api/user/password`,
    {
      method: "PUT",
      headers: {
        authorization: basicAuth(change.user, change.oldPassword),
        "content-type": "application/json",
      },
      body: JSON.stringify({ oldPassword: change.oldPassword, newPassword: change.newPassword }),
    },
    options,
    "change the admin password",
  );
  if (!response.ok) {
    throw new GrafanaPasswordRotationError(
      `Grafana at ${baseUrl} refused the new admin password: ${await grafanaMessage(response, secrets)}`,
    );
  }
  await response.body?.cancel();
  if (!(await accepts(baseUrl, change.user, change.newPassword, options))) {
    throw new GrafanaPasswordRotationError(
      `Grafana at ${baseUrl} reported the password changed but does not accept the new one`,
    );
  }
  return "rotated";
}

/** State of the rotation step: where Grafana is and the password it was last set to (a secret). */
export interface AdminPasswordState {
  readonly url: string;
  readonly user: string;
  readonly password: string;
}

function isState(value: unknown): value is AdminPasswordState {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.url === "string" && typeof record.user === "string" && typeof record.password === "string"
  );
}

function asState(value: unknown): AdminPasswordState {
  if (!isState(value)) throw new GrafanaPasswordRotationError("the rotation step got incomplete inputs");
  return value;
}

/**
 * Dynamic provider of the rotation step. Create records the password (Grafana sets it from the file on its
 * first start); update, when the password changed, rotates it from the recorded previous one.
 */
export const adminPasswordProvider = {
  async create(inputs: unknown): Promise<pulumi.dynamic.CreateResult<AdminPasswordState>> {
    return Promise.resolve({ id: "grafana-admin-password", outs: asState(inputs) });
  },
  async diff(_id: string, olds: unknown, news: unknown): Promise<pulumi.dynamic.DiffResult> {
    const before = asState(olds);
    const after = asState(news);
    return Promise.resolve({
      changes: before.password !== after.password || before.url !== after.url || before.user !== after.user,
    });
  },
  async update(
    _id: string,
    olds: unknown,
    news: unknown,
  ): Promise<pulumi.dynamic.UpdateResult<AdminPasswordState>> {
    const before = asState(olds);
    const after = asState(news);
    await rotateGrafanaAdminPassword({
      url: after.url,
      user: after.user,
      oldPassword: before.password,
      newPassword: after.password,
    });
    return { outs: after };
  },
} satisfies pulumi.dynamic.ResourceProvider;

export interface GrafanaAdminPasswordArgs {
  readonly url: pulumi.Input<string>;
  readonly user: pulumi.Input<string>;
  readonly password: pulumi.Input<string>;
}

/** The rotation step as a resource; `password` resolves once Grafana accepts it. */
export class GrafanaAdminPassword extends pulumi.dynamic.Resource {
  declare readonly password: pulumi.Output<string>;

  constructor(name: string, args: GrafanaAdminPasswordArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      adminPasswordProvider,
      name,
      { url: args.url, user: args.user, password: pulumi.secret(args.password) },
      { ...opts, additionalSecretOutputs: ["password"] },
      "grafana",
      "AdminPassword",
    );
  }
}
