import * as pulumi from "@pulumi/pulumi";
import type { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { isRpcSecret, unwrapRpcSecret } from "@pulumi/pulumi/runtime/rpc";
import { getMonitor } from "@pulumi/pulumi/runtime/settings";
import type { StackSettings } from "../settings";
import { loadStackSettings } from "../settings/pulumi";
import { ObservabilityStack } from "../components/stack";

/** One resource the program registered, with the inputs it was given (secrets still marked). */
export interface RegisteredResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
}

export const TEST_PROJECT = "xai-observability";

/** Outputs a fake provider would compute, per resource type. */
function providerOutputs(type: string, name: string): Record<string, unknown> {
  switch (type) {
    case "docker:index/remoteImage:RemoteImage":
      return { imageId: `sha256:${name}` };
    case "random:index/randomPassword:RandomPassword":
      // Distinct per resource, so a test can tell which generated secret went where.
      return {
        result:
          name === "grafana-admin-password" ? "generated-password-for-tests" : `generated-${name}-for-tests`,
      };
    default:
      return {};
  }
}

/**
 * Installs Pulumi mocks (preview=false, so every output resolves) and the given stack config, and
 * returns the live list of registered resources. Config keys are bare (`target`), as in Pulumi.<stack>.yaml.
 */
export async function installPulumiMocks(
  stack: string,
  config: Readonly<Record<string, unknown>>,
  secretKeys: readonly string[] = [],
): Promise<RegisteredResource[]> {
  const registered: RegisteredResource[] = [];
  const fullConfig: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    fullConfig[`${TEST_PROJECT}:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
  }
  pulumi.runtime.setAllConfig(
    fullConfig,
    secretKeys.map((key) => `${TEST_PROJECT}:${key}`),
  );
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const inputs = args.inputs as Record<string, unknown>;
        registered.push({ type: args.type, name: args.name, inputs });
        return { id: `${args.name}-id`, state: { ...inputs, ...providerOutputs(args.type, args.name) } };
      },
      call(args) {
        return args.inputs as Record<string, unknown>;
      },
    },
    TEST_PROJECT,
    stack,
    false,
  );
  return registered;
}

/** Resolves an output's value (mocks run with preview=false, so it is always known). */
export function outputValue<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => {
    output.apply((value) => {
      resolve(value);
    });
  });
}

/** Whether a value recorded from resource inputs was passed as a secret. */
export function isSecretInput(value: unknown): boolean {
  return isRpcSecret(value);
}

/** The plain value of a recorded input, secret or not. */
export function plainInput(value: unknown): unknown {
  return isRpcSecret(value) ? unwrapRpcSecret(value) : value;
}

/**
 * Waits until everything a constructed ObservabilityStack registers has reached the mocks: services
 * healthy, Grafana content created and its component outputs reported. Installing new mocks before that
 * resets the mock monitor under pending registrations, which surfaces as an unhandled
 * "unknown resource" rejection in whichever test runs next.
 */
export async function settleStack(stack: ObservabilityStack): Promise<void> {
  await Promise.all(Object.values(stack.services).map((service) => outputValue(service.healthy)));
  await Promise.all([
    outputValue(stack.grafanaAdminPassword),
    outputValue(stack.grafanaContent.folder.uid),
    ...Object.values(stack.grafanaContent.dashboards).map((dashboard) => outputValue(dashboard.urn)),
  ]);
  // registerOutputs serialises its values and sends the RPC a few event-loop turns after they resolve.
  for (let turn = 0; turn < 10; turn += 1) await new Promise((resolve) => setImmediate(resolve));
}

export interface MockedStack {
  readonly stack: ObservabilityStack;
  readonly settings: StackSettings;
  /** The live list of registered resources, with their inputs. */
  readonly resources: RegisteredResource[];
}

export interface MockedStackOptions {
  /** Config keys marked secret, as `pulumi config set --secret` would. */
  readonly secretKeys?: readonly string[];
  /** The ObservabilityStack's resource name, part of every URN; index.ts uses the project name. */
  readonly name?: string;
}

/**
 * The program under mocks: installs them with `config` for `stackName`, loads the settings as index.ts
 * does, builds the ObservabilityStack and waits until it has settled.
 */
export async function deployMocked(
  stackName: string,
  config: Readonly<Record<string, unknown>>,
  { secretKeys = [], name = TEST_PROJECT }: MockedStackOptions = {},
): Promise<MockedStack> {
  const resources = await installPulumiMocks(stackName, config, secretKeys);
  const { settings, secrets } = loadStackSettings();
  const stack = new ObservabilityStack(name, { settings, secrets });
  await settleStack(stack);
  return { stack, settings, resources };
}

/** Every URN the mock engine has handed out since the mocks were installed, sorted. */
export function registeredUrns(): string[] {
  const monitor = getMonitor() as unknown as MockMonitor;
  return [...monitor.getRegisteredResources().keys()].sort();
}
