import * as pulumi from "@pulumi/pulumi";
import type { Platform } from "./platform";
import type { ServiceSpec } from "./service";
import type { ServiceName, StackSettings } from "../settings";

export interface ServiceComponentArgs {
  readonly settings: StackSettings;
  readonly platform: Platform;
  /** Ready resources of the services deployed so far, for specs that start after one (spec.startAfter). */
  readonly readyResources?: Readonly<Partial<Record<ServiceName, pulumi.Resource>>>;
}

/**
 * What every service component does: hand its spec to the platform and expose what came back.
 * Subclasses only name their type token and their spec builder (a pure function, tested without Pulumi).
 */
export abstract class ServiceComponent extends pulumi.ComponentResource {
  /** The platform-neutral description this component deployed. */
  readonly spec: ServiceSpec;
  /** URL other services use on the stack's private network. */
  readonly internalUrl: pulumi.Output<string>;
  /** URL users open; undefined when the service is not published. */
  readonly externalUrl: pulumi.Output<string | undefined>;
  /** True once the platform has seen the service pass its health check. */
  readonly healthy: pulumi.Output<boolean>;
  /** The resource that becomes ready last; dependants wait on it. */
  readonly readyResource: pulumi.Resource;

  protected constructor(
    type: string,
    name: string,
    spec: ServiceSpec,
    args: ServiceComponentArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(type, name, {}, opts);
    this.spec = spec;
    const startAfter = (spec.startAfter ?? []).map((service) => {
      const ready = args.readyResources?.[service];
      if (ready === undefined)
        throw new Error(`${spec.name} starts after ${service}, which is not deployed before it`);
      return ready;
    });
    const deployed = args.platform.deploy(spec, this, startAfter);
    this.internalUrl = deployed.internalUrl;
    this.externalUrl = deployed.externalUrl ?? pulumi.output(undefined);
    this.healthy = deployed.healthy;
    this.readyResource = deployed.readyResource;
    this.registerOutputs({
      internalUrl: this.internalUrl,
      externalUrl: this.externalUrl,
      healthy: this.healthy,
    });
  }
}
