import { z } from "zod";

/** Reusable field schemas; each message says the expected form, since it is what users read. */

const DURATION_PATTERN = /^(\d+(ms|s|m|h|d|w|y))+$/;

export const duration = z
  .string()
  .regex(DURATION_PATTERN, { error: "expected a duration such as 15s, 5m, 24h or 30d" });

/** Parses a Prometheus-style duration ("1h30m") to seconds. Assumes a value that passed `duration`. */
export function durationSeconds(value: string): number {
  const unitSeconds: Record<string, number> = {
    ms: 0.001,
    s: 1,
    m: 60,
    h: 3600,
    d: 86_400,
    w: 604_800,
    y: 31_536_000,
  };
  let total = 0;
  for (const match of value.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) {
    total += Number(match[1]) * (unitSeconds[match[2] ?? "s"] ?? 0);
  }
  return total;
}

export const byteSize = z
  .string()
  .regex(/^\d+(B|KB|MB|GB|TB|PB)$/, { error: "expected a size such as 512MB, 50GB or 1TB" });

const MEMORY_UNITS: Record<string, number> = { Mi: 2 ** 20, Gi: 2 ** 30 };

export const memoryLimit = z
  .string()
  .regex(/^\d+(Mi|Gi)$/, { error: "expected a memory size in Mi or Gi, such as 256Mi or 2Gi" });

export function memoryBytes(value: string): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(value);
  if (!match) throw new Error(`not a memory size: ${value}`);
  return Number(match[1]) * (MEMORY_UNITS[match[2] ?? "Mi"] ?? 0);
}

export const port = z
  .number({ error: "expected a port number from 1 to 65535" })
  .int({ error: "expected a port number from 1 to 65535" })
  .min(1, { error: "expected a port number from 1 to 65535" })
  .max(65_535, { error: "expected a port number from 1 to 65535" });

const HOST_PORT_PATTERN = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):([0-9]{1,5})$/;

/** host:port, where host is a DNS name, an IPv4 address or a bracketed IPv6 address. */
export const hostPort = z
  .string()
  .regex(HOST_PORT_PATTERN, { error: "expected host:port, such as 10.0.0.5:8000 or xai-node-1:8000" })
  .refine((value) => {
    // A value without the host:port shape is already reported once, above.
    if (!HOST_PORT_PATTERN.test(value)) return true;
    const portNumber = Number(value.slice(value.lastIndexOf(":") + 1));
    return portNumber >= 1 && portNumber <= 65_535;
  }, "expected host:port with a port from 1 to 65535");

/** Lower-case DNS-label style names: used for node names, resource names and label values. */
export const name = z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, {
  error: "expected a lower-case name of letters, digits and '-', such as xai-node-1",
});

export const labelName = z
  .string()
  .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, { error: "expected a Prometheus label name such as region" });

export const labels = z.record(labelName, z.string());

/** An image reference pinned to an explicit tag, optionally with a digest; never `latest`. */
export const pinnedImage = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._\-/]*(:[0-9]+)?[a-z0-9._\-/]*:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}(@sha256:[a-f0-9]{64})?$/,
    {
      error: "expected a pinned image such as prom/prometheus:v3.5.0 or name:tag@sha256:<64 hex>",
    },
  )
  .refine((ref) => !/:latest(@|$)/.test(ref), "expected an explicit version tag, not latest");

export const httpUrl = z
  .url({ protocol: /^https?$/, error: "expected an http(s) URL such as https://grafana.example.org" })
  .refine((value) => !value.endsWith("/"), "expected a URL without a trailing slash")
  // Plain settings end up in rendered files and plain state, so a password in a URL would too.
  .refine(
    (value) => !URL.canParse(value) || (new URL(value).username === "" && new URL(value).password === ""),
    "expected a URL without user:password@; credentials belong in secret keys",
  );

export const absolutePath = z
  .string()
  .regex(/^\/[^\0]*$/, { error: "expected an absolute path such as /var/lib/xai/logs" });
