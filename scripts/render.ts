/**
 * `npm run render -- --stack <dev|prod> --out <dir>`: writes every file a stack deploys, from
 * Pulumi.<stack>.yaml alone (no Pulumi engine), for review and for diffs in pull requests.
 */
import { createHash } from "node:crypto";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { CONFIG_DIRS, buildServiceSpecs } from "../components/catalog";
import { renderGrafanaFiles } from "../components/grafana/files";
import { renderKubernetesManifests } from "../components/platform/kubernetesManifests";
import type { ServiceSpec } from "../components/service";
import { SettingsError, parseSettings, type StackSettings } from "../settings";
import { StackFileError, readStackConfig, secretPlaceholder } from "../settings/stackFile";
import { stackWarnings } from "../components/warnings";
import { effectiveAlertCatalogue } from "../rules/effectiveCatalogue";

/**
 * The file that marks a folder as render's own. render replaces only a folder carrying it (or an empty or
 * new one), so `--out` pointed at a source folder or /etc is refused instead of wiped.
 */
export const RENDER_MARKER = ".xai-observability-render";

/** A problem with the output folder: the user's to fix, shown without a stack trace. */
export class OutputFolderError extends Error {
  override readonly name = "OutputFolderError";
}

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
  // The alerts with this stack's effective thresholds, for on-call to read beside the default runbooks.
  files.set("alerts.md", effectiveAlertCatalogue(settings));
  if (settings.target === "kubernetes") {
    for (const file of renderKubernetesManifests(settings, specs)) {
      files.set(`kubernetes/${file.relativePath}`, file.content);
    }
  }
  return files;
}

/** Refuses an output folder render did not write: anything that exists, is not empty and has no marker. */
export function checkOutputFolder(outDir: string): void {
  if (!existsSync(outDir)) return;
  const stat = lstatSync(outDir);
  if (!stat.isDirectory() || stat.isSymbolicLink()) {
    throw new OutputFolderError(`--out ${outDir}: expected a folder render writes; this is not a folder`);
  }
  const entries = readdirSync(outDir);
  if (entries.length > 0 && !entries.includes(RENDER_MARKER)) {
    throw new OutputFolderError(
      `--out ${outDir}: refusing to replace a folder render did not write (it is not empty and has no ${RENDER_MARKER} file); choose a new or empty folder`,
    );
  }
}

/**
 * Writes the files into a new folder next to `outDir`, then swaps it into place, so a failure leaves the
 * old output untouched. Only call after checkOutputFolder.
 */
export function writeStackFiles(outDir: string, files: ReadonlyMap<string, string>): void {
  const parent = dirname(outDir);
  mkdirSync(parent, { recursive: true });
  const staging = mkdtempSync(join(parent, `.${basename(outDir)}.rendering-`));
  try {
    writeFileSync(
      join(staging, RENDER_MARKER),
      "Written by `npm run render`; the next render replaces this whole folder.\n",
    );
    for (const [relativePath, content] of files) {
      const target = join(staging, relativePath);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
    if (existsSync(outDir)) {
      const previous = `${staging}.previous`;
      renameSync(outDir, previous);
      renameSync(staging, outDir);
      rmSync(previous, { recursive: true, force: true });
    } else {
      renameSync(staging, outDir);
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

const USAGE = "usage: npm run render -- --stack <dev|prod> --out <dir> [--project <dir with Pulumi.yaml>]";

export interface RenderResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The whole render command, in-process: validates everything first, writes only on success, and
 * returns what the CLI prints. Never throws; user errors exit 1 (2 for usage), without a stack trace.
 */
export function runRender(argv: readonly string[], defaultProjectDir = join(__dirname, "..")): RenderResult {
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
    return {
      exitCode: 2,
      stdout: "",
      stderr: `${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`,
    };
  }
  if (!stack || !out) return { exitCode: 2, stdout: "", stderr: `${USAGE}\n` };
  try {
    const outDir = resolve(out);
    const settings = parseSettings(readStackConfig(resolve(project ?? defaultProjectDir), stack));
    checkOutputFolder(outDir);
    const files = renderStackFiles(settings);
    writeStackFiles(outDir, files);
    const warnings = stackWarnings(settings).map((warning) => `warning: ${warning}\n`);
    return {
      exitCode: 0,
      stdout: `rendered ${files.size} files for stack ${stack} into ${outDir}\n`,
      stderr: warnings.join(""),
    };
  } catch (error) {
    // Settings problems, unreadable stack files and foreign output folders are the user's to fix.
    if (
      error instanceof SettingsError ||
      error instanceof StackFileError ||
      error instanceof OutputFolderError
    ) {
      return { exitCode: 1, stdout: "", stderr: `${error.message}\n` };
    }
    const reason = error instanceof Error ? error.message : String(error);
    return {
      exitCode: 70,
      stdout: "",
      stderr: `render failed unexpectedly: ${reason}\nPlease report this with the stack file.\n`,
    };
  }
}

if (require.main === module) {
  const result = runRender(process.argv.slice(2));
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}
