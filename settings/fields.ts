import { z } from "zod";
import { XAI_NODE_SERIES_LABELS } from "./names";

/** Reusable field schemas; each message says the expected form, since it is what users read. */

/**
 * Prometheus' duration grammar (prometheus/common model.ParseDuration): each unit at most once, from
 * the largest to the smallest. `30m1h` or `1h1h` are refused by Prometheus and Alertmanager, so here too.
 */
const DURATION_PATTERN = /^(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/;

/** Prometheus keeps durations as int64 nanoseconds: anything longer is "out of range" there. */
const MAX_DURATION_SECONDS = Number.MAX_SAFE_INTEGER / 1e6;

const DURATION_FORM = "a duration such as 15s, 5m, 1h30m or 30d (units y w d h m s ms, largest first)";

export const duration = z
  .string({ error: `expected ${DURATION_FORM}` })
  .regex(DURATION_PATTERN, { error: `expected ${DURATION_FORM}` })
  .refine((value) => value !== "", { error: `expected ${DURATION_FORM}` })
  .refine((value) => !DURATION_PATTERN.test(value) || durationSeconds(value) <= MAX_DURATION_SECONDS, {
    error: "expected a duration below 100 years",
  });

/** A duration above 0s: Prometheus silently replaces 0s intervals and timeouts with its own defaults. */
export const positiveDuration = duration.refine(
  (value) => !DURATION_PATTERN.test(value) || durationSeconds(value) > 0,
  { error: "expected a duration above 0s, such as 15s" },
);

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
  .string({ error: "expected a size such as 512MB, 50GB or 1TB" })
  .regex(/^[1-9]\d{0,15}(B|KB|MB|GB|TB|PB)$/, { error: "expected a size such as 512MB, 50GB or 1TB" });

const MEMORY_UNITS: Record<string, number> = { Mi: 2 ** 20, Gi: 2 ** 30 };

/** Above zero: Docker treats a 0 memory limit as unlimited. */
export const memoryLimit = z
  .string({ error: "expected a memory size in Mi or Gi above 0, such as 256Mi or 2Gi" })
  .regex(/^[1-9]\d{0,6}(Mi|Gi)$/, {
    error: "expected a memory size in Mi or Gi above 0, such as 256Mi or 2Gi",
  });

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
  .string({ error: "expected host:port, such as 10.0.0.5:8000 or xai-node-1:8000" })
  .regex(HOST_PORT_PATTERN, { error: "expected host:port, such as 10.0.0.5:8000 or xai-node-1:8000" })
  .refine((value) => {
    // A value without the host:port shape is already reported once, above.
    if (!HOST_PORT_PATTERN.test(value)) return true;
    const portNumber = Number(value.slice(value.lastIndexOf(":") + 1));
    return portNumber >= 1 && portNumber <= 65_535;
  }, "expected host:port with a port from 1 to 65535");

/** Lower-case DNS-label style names: used for node names, resource names and label values. */
export const name = z
  .string({ error: "expected a lower-case name of letters, digits and '-', such as xai-node-1" })
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, {
    error: "expected a lower-case name of letters, digits and '-', such as xai-node-1",
  });

/**
 * Adds an issue for every item whose `key` an earlier item already has; `issue` places and words it,
 * given the index of that earlier item. Lists of named things refuse repeats this way.
 */
export function refuseRepeats<T>(
  items: readonly T[],
  key: keyof T,
  ctx: z.RefinementCtx,
  issue: (item: T, index: number, firstIndex: number) => { path: (string | number)[]; message: string },
): void {
  const firstIndex = new Map<T[keyof T], number>();
  items.forEach((item, index) => {
    const first = firstIndex.get(item[key]);
    if (first === undefined) {
      firstIndex.set(item[key], index);
    } else {
      ctx.addIssue({ code: "custom", ...issue(item, index, first) });
    }
  });
}

export const labelName = z
  .string()
  .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, { error: "expected a Prometheus label name such as region" });

/**
 * Labels the xai-node scrape sets itself or that Prometheus reserves: a target label with one of these
 * names moves the node out of alerts and dashboards (job, node, ...) or redirects the scrape (__address__).
 */
export const RESERVED_TARGET_LABELS = [
  "job",
  "instance",
  "node",
  "network",
  "environment",
  "cluster",
] as const;

/**
 * Labels the XAI node's own series carry. A target label of the same name wins (honor_labels is false)
 * and Prometheus renames the node's label to exported_<name>, which breaks the rules that read it.
 */
const SCRAPED_LABELS: ReadonlySet<string> = new Set([...XAI_NODE_SERIES_LABELS, "le", "quantile"]);

/** Target labels: Prometheus label names that are not reserved; any value (quotes and newlines too). */
export const labels = z
  .record(z.string(), z.string({ error: "expected a text label value" }))
  .superRefine((given, ctx) => {
    for (const key of Object.keys(given)) {
      let problem: string | undefined;
      if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(key)) {
        problem = `expected a Prometheus label name such as region (letters, digits, _), got label "${key}"`;
      } else if (key.startsWith("__")) {
        problem = `expected a label name not starting with "__": "${key}" is reserved by Prometheus and would change the scrape itself`;
      } else if ((RESERVED_TARGET_LABELS as readonly string[]).includes(key)) {
        problem = `expected a label other than ${RESERVED_TARGET_LABELS.join(", ")}: "${key}" is set by the stack itself${key === "network" ? " (use the node's network field)" : ""}`;
      }
      if (problem === undefined && SCRAPED_LABELS.has(key)) {
        problem = `expected a label the XAI node does not expose itself: "${key}" would rename the node's own label to exported_${key}`;
      }
      if (problem !== undefined) ctx.addIssue({ code: "custom", path: [key], message: problem, input: key });
    }
  });

const K8S_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** A Kubernetes label or annotation key: [dns-subdomain/]name, name at most 63 characters. */
export function isKubernetesKey(key: string): boolean {
  const slash = key.lastIndexOf("/");
  const prefix = slash === -1 ? undefined : key.slice(0, slash);
  const keyName = slash === -1 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) return false;
  return K8S_NAME.test(keyName);
}

/** Kubernetes labels: qualified keys and values of at most 63 characters. */
export const kubernetesLabels = z.record(z.string(), z.string()).superRefine((given, ctx) => {
  for (const [key, value] of Object.entries(given)) {
    if (!isKubernetesKey(key)) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `expected a Kubernetes label key such as app.kubernetes.io/name, got key "${key}"`,
      });
    } else if (value !== "" && !K8S_NAME.test(value)) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: "expected a Kubernetes label value: at most 63 letters, digits, '-', '_' or '.'",
      });
    }
  }
});

/** Kubernetes annotations: qualified keys, any value. */
export const kubernetesAnnotations = z.record(z.string(), z.string()).superRefine((given, ctx) => {
  for (const key of Object.keys(given)) {
    if (!isKubernetesKey(key)) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `expected an annotation key such as nginx.ingress.kubernetes.io/auth-url, got key "${key}"`,
      });
    }
  }
});

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

/** Characters that would reach a Prometheus or Grafana template, a YAML file or a header raw. */
const UNSAFE_URL_CHARACTERS = /[\s{}"'<>\\`]/;

export const httpUrl = z
  .url({ protocol: /^https?$/, error: "expected an http(s) URL such as https://grafana.example.org" })
  .refine((value) => !UNSAFE_URL_CHARACTERS.test(value), {
    error: "expected a URL without spaces, quotes, braces or backslashes (percent-encode them)",
  })
  .refine((value) => !value.endsWith("/"), "expected a URL without a trailing slash")
  // Plain settings end up in rendered files and plain state, so a password in a URL would too.
  .refine(
    (value) => !URL.canParse(value) || (new URL(value).username === "" && new URL(value).password === ""),
    "expected a URL without user:password@; credentials belong in secret keys",
  );

/** An absolute directory on the host: no control characters, no `..`, not the root itself. */
export const absoluteDirectory = z
  .string({ error: "expected an absolute path such as /var/lib/xai/logs" })
  // eslint-disable-next-line no-control-regex
  .regex(/^\/[^\u0000-\u001f\u007f]*$/, {
    error: "expected an absolute path such as /var/lib/xai/logs, without newlines or control characters",
  })
  .refine((value) => !value.split("/").includes(".."), { error: "expected a path without '..' segments" })
  .refine((value) => value.replace(/\/+$/, "") !== "", {
    error: "expected a directory below / such as /var/lib/xai/logs, not the root itself",
  });
