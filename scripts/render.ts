/**
 * `npm run render -- --stack <dev|prod> --out <dir>`: writes every file a stack deploys, from
 * Pulumi.<stack>.yaml alone (no Pulumi engine), for review and for diffs in pull requests.
 */
import { createHash } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { CONFIG_DIRS, buildServiceSpecs } from "../components/catalog";
import { renderGrafanaFiles } from "../components/grafana/files";
import { renderKubernetesManifests } from "../components/platform/kubernetesManifests";
import type { ServiceSpec } from "../components/service";
import { SettingsError, parseSettings, type StackSettings } from "../components/settings";
import { StackFileError, readStackConfig, secretPlaceholder } from "../components/settings/stackFile";

/** Top-level entries render owns in the output folder; stale copies are removed before writing. */
const OUTPUT_ENTRIES = [
  "services.json",
  "prometheus",
  "alertmanager",
  "loki",
  "promtail",
  "alloy",
  "grafana",
  "kubernetes",
] as const;

/** A ServiceSpec as reviewers read it: file contents live in their own files, secrets are redacted. */
export function reviewSpec(spec: ServiceSpec): Record<string, unknown> {
  return {
    name: spec.name,
    image: spec.image,
    ...(spec.command ? { command: spec.command } : {}),
    args: spec.args,
    env: spec.env,
    ports: spec.ports,
    volumes: spec.volumes,
    hostMounts: spec.hostMounts,
    tmpfs: spec.tmpfs,
    healthCheck: spec.healthCheck,
    user: spec.security.user,
    readOnly: spec.security.readOnlyRootFilesystem,
    security: spec.security,
    resources: spec.resources,
    workload: spec.workload,
    ...(spec.clients ? { clients: spec.clients } : {}),
    ...(spec.apiAccess ? { apiAccess: spec.apiAccess } : {}),
    ...(spec.cluster ? { cluster: spec.cluster } : {}),
    configFiles: spec.configFiles.map((file) => ({
      path: file.path,
      sha256: createHash("sha256").update(file.content).digest("hex"),
    })),
    secretFiles: spec.secretFiles.map((file) => ({
      path: file.path,
      secret: file.secret,
      value: secretPlaceholder(file.secret),
    })),
  };
}

/** Every output file, keyed by path relative to the output folder. Pure: nothing touches the disk. */
export function renderStackFiles(settings: StackSettings): Map<string, string> {
  const specs = buildServiceSpecs(settings);
  const files = new Map<string, string>();
  files.set("services.json", `${JSON.stringify(specs.map(reviewSpec), null, 2)}\n`);
  for (const spec of specs) {
    const configDir = CONFIG_DIRS[spec.name];
    if (configDir === undefined) continue;
    for (const file of spec.configFiles) {
      if (file.path.startsWith(`${configDir}/`)) {
        files.set(`${spec.name}/${file.path.slice(configDir.length + 1)}`, file.content);
      }
    }
    // Secret files the config points at (*_file fields) exist, holding a placeholder, so the folder can
    // be checked as a whole (e.g. amtool check-config) without any real credential.
    for (const file of spec.secretFiles) {
      if (file.path.startsWith(`${configDir}/`)) {
        files.set(
          `${spec.name}/${file.path.slice(configDir.length + 1)}`,
          `${secretPlaceholder(file.secret)}\n`,
        );
      }
    }
    // Secret files under the config folder (Alertmanager's *_file credentials) get a placeholder, so the
    // folder is complete for validators; the values stay in Pulumi's secret store.
    for (const secret of spec.secretFiles) {
      if (secret.path.startsWith(`${configDir}/`)) {
        files.set(
          `${spec.name}/${secret.path.slice(configDir.length + 1)}`,
          `${secretPlaceholder(secret.secret)}\n`,
        );
      }
    }
  }
  for (const file of renderGrafanaFiles(settings)) files.set(`grafana/${file.relativePath}`, file.content);
  if (settings.target === "kubernetes") {
    for (const file of renderKubernetesManifests(settings, specs)) {
      files.set(`kubernetes/${file.relativePath}`, file.content);
    }
  }
  return files;
}

export function writeStackFiles(outDir: string, files: ReadonlyMap<string, string>): void {
  for (const entry of OUTPUT_ENTRIES) rmSync(join(outDir, entry), { recursive: true, force: true });
  for (const [relativePath, content] of files) {
    const target = join(outDir, relativePath);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

const USAGE = "usage: npm run render -- --stack <dev|prod> --out <dir> [--project <dir with Pulumi.yaml>]";

function main(argv: readonly string[]): number {
  let stack: string | undefined;
  let out: string | undefined;
  let project: string | undefined;
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { stack: { type: "string" }, out: { type: "string" }, project: { type: "string" } },
      strict: true,
    });
    stack = values.stack;
    out = values.out;
    project = values.project;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  if (!stack || !out) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  try {
    const projectDir = resolve(project ?? join(__dirname, ".."));
    const settings = parseSettings(readStackConfig(projectDir, stack));
    const files = renderStackFiles(settings);
    writeStackFiles(resolve(out), files);
    process.stdout.write(`rendered ${files.size} files for stack ${stack} into ${resolve(out)}\n`);
    return 0;
  } catch (error) {
    // Settings problems and unreadable stack files are the user's to fix: show the message, not a trace.
    if (error instanceof SettingsError || error instanceof StackFileError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
