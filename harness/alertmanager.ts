import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { alertmanagerSpec } from "../components/alertmanager/spec";
import type { SecretKey, StackSettings } from "../settings";
import { binaryPath } from "./binaries";
import { freePort, type ManagedProcess, type ProcessGroup } from "./processes";
import { rewriteArgs, rewriteValue, rewriteYamlConfig, type LoopbackRewrite } from "./rewrite";

export interface LiveAlertmanager {
  /** http://127.0.0.1:<port>, fixed across restarts. */
  readonly url: string;
  readonly port: number;
  /** Starts (or restarts) the binary on the same files and storage path. */
  readonly start: () => Promise<ManagedProcess>;
}

/**
 * The deployed Alertmanager spec moved onto loopback: only directories and the listen address change.
 * `settingsFor` gets the URL it will answer on (for the external URL). Each secret file holds the value
 * `secretValues` gives; a secret the spec mounts without a value fails.
 */
export async function prepareAlertmanager(
  settingsFor: (url: string) => StackSettings,
  secretValues: Partial<Record<SecretKey, string>>,
  processes: ProcessGroup,
  workDir: string,
): Promise<LiveAlertmanager> {
  const port = await freePort();
  const url = `http://127.0.0.1:${String(port)}`;
  const spec = alertmanagerSpec(settingsFor(url));
  const rewrite: LoopbackRewrite = {
    addresses: {},
    directories: {
      "/etc/alertmanager": join(workDir, "config"),
      "/etc/alertmanager/secrets": join(workDir, "secrets"),
      "/alertmanager": join(workDir, "data"),
    },
  };
  for (const file of spec.configFiles) {
    const path = rewriteValue(file.path, rewrite);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.path.endsWith(".yml") ? rewriteYamlConfig(file.content, rewrite) : file.content);
  }
  for (const secret of spec.secretFiles) {
    const path = rewriteValue(secret.path, rewrite);
    const value = secretValues[secret.secret];
    if (value === undefined) throw new Error(`test has no value for secret ${secret.secret}`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, value, { mode: 0o400 });
  }
  const args = [...rewriteArgs(spec.args, rewrite), `--web.listen-address=127.0.0.1:${String(port)}`];
  return {
    url,
    port,
    start: () =>
      processes.start({
        name: "alertmanager",
        command: binaryPath("alertmanager"),
        args,
        readyUrl: `${url}${spec.healthCheck.http.path}`,
      }),
  };
}

/** One sample of Alertmanager's (or any) text exposition: name, labels and value. */
export interface ExposedSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Reads a /metrics page. Label values in these tests hold no quotes or commas, which keeps parsing simple. */
export async function scrape(metricsUrl: string): Promise<ExposedSample[]> {
  const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`GET ${metricsUrl} answered ${String(response.status)}`);
  const samples: ExposedSample[] = [];
  for (const line of (await response.text()).split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null) continue;
    const labels = Object.fromEntries(
      [...(match[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((pair) => [pair[1] ?? "", pair[2] ?? ""]),
    );
    samples.push({ name: match[1] ?? "", labels, value: Number(match[3]) });
  }
  return samples;
}

/** The sum of one metric's samples whose labels include `labels`. */
export function total(
  samples: readonly ExposedSample[],
  name: string,
  labels: Readonly<Record<string, string>>,
): number {
  return samples
    .filter(
      (sample) =>
        sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
    )
    .reduce((sum, sample) => sum + sample.value, 0);
}
