/**
 * One program evaluation under Pulumi mocks, in its own process; prints one JSON line. The stack's
 * configuration is Pulumi.<stack>.yaml, with each secure value replaced by a placeholder secret.
 */
import { loadStackSettings } from "../settings/pulumi";
import { ObservabilityStack } from "../components/stack";
import { installPulumiMocks, outputValue } from "../harness/pulumiMocks";
import { readStackFile } from "./stackConfig";

/** Milliseconds from process start until the program's modules were loaded (before main runs). */
const loadedAt = performance.now();

async function main(): Promise<void> {
  const stack = process.argv[2] ?? "dev";

  const { values, secretKeys } = readStackFile(stack);
  const resources = await installPulumiMocks(stack, values, secretKeys);
  const started = performance.now();
  const { settings, secrets } = loadStackSettings();
  const built = new ObservabilityStack("xai-observability", { settings, secrets });
  await Promise.all(Object.values(built.services).map((service) => outputValue(service.healthy)));
  await outputValue(built.grafanaAdminPassword);
  const constructed = performance.now();
  process.stdout.write(
    `${JSON.stringify({ importMs: loadedAt, constructMs: constructed - started, resources: resources.length })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
