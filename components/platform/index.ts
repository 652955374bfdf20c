import * as pulumi from "@pulumi/pulumi";
import type { ServiceSpec } from "../service";
import { isSecretKey, type SecretKey } from "../../settings";

/** Secret values by key, as Pulumi secret outputs; platforms write them into files, never env. */
export type PlatformSecrets = Partial<Record<SecretKey, pulumi.Input<string>>>;

/** The value of secret `key` that `service` needs; when the stack lacks it, an error naming the command that sets it. */
export function requiredSecret(secrets: PlatformSecrets, key: string, service: string): pulumi.Input<string> {
  const value = isSecretKey(key) ? secrets[key] : undefined;
  if (value === undefined) {
    throw new pulumi.RunError(
      `${key}: ${service} needs this secret, but it is not set; set it with \`pulumi config set --secret ${key} <value>\``,
    );
  }
  return value;
}

/** What a platform reports back for one deployed service. */
export interface DeployedService {
  /** URL other services use, on the stack's private network. */
  readonly internalUrl: pulumi.Output<string>;
  /** URL users open, when the service is published. */
  readonly externalUrl?: pulumi.Output<string>;
  /** Resolves once the platform has seen the service pass its health check. */
  readonly healthy: pulumi.Output<boolean>;
  /** The resource that becomes ready last; dependants (e.g. the Grafana provider) wait on it. */
  readonly readyResource: pulumi.Resource;
}

/** Turns ServiceSpecs into resources. One implementation per target; no service-specific logic. */
export interface Platform {
  /** `startAfter`: resources that must be ready before the service's workload starts. */
  deploy(
    spec: ServiceSpec,
    parent: pulumi.ComponentResource,
    startAfter?: readonly pulumi.Resource[],
  ): DeployedService;
}
