import * as pulumi from "@pulumi/pulumi";
import { SPEC_BUILDERS } from "./catalog";
import type { Platform } from "./platform";
import type { ServiceSpec } from "./service";
import type { ServiceName, StackSettings } from "../settings";

/** Each service's Pulumi type token; part of every URN below it, so never change one without an alias. */
const TYPE_TOKENS: Record<ServiceName, string> = {
  prometheus: "xai:observability:Prometheus",
  grafana: "xai:observability:Grafana",
  alertmanager: "xai:observability:Alertmanager",
  "node-exporter": "xai:observability:NodeExporter",
  loki: "xai:observability:Loki",
  promtail: "xai:observability:Promtail",
  alloy: "xai:observability:Alloy",
  cadvisor: "xai:observability:Cadvisor",
  "xai-demo-node": "xai:observability:DemoNode",
  "docker-socket-proxy": "xai:observability:DockerSocketProxy",
};

export interface ServiceComponentArgs {
  /** Which service: picks the spec builder (SPEC_BUILDERS) and the type token. */
  readonly service: ServiceName;
  readonly settings: StackSettings;
  readonly platform: Platform;
  /** Ready resources of the services deployed so far, for specs that start after one (spec.startAfter). */
  readonly readyResources?: Readonly<Partial<Record<ServiceName, pulumi.Resource>>>;
}

/** One service: builds its spec from the settings, hands it to the platform and exposes what came back. */
export class ServiceComponent extends pulumi.ComponentResource {
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

  constructor(name: string, args: ServiceComponentArgs, opts?: pulumi.ComponentResourceOptions) {
    // Built before the component registers, so a settings error leaves no half-made resource behind.
    const spec = SPEC_BUILDERS[args.service](args.settings);
    super(TYPE_TOKENS[args.service], name, {}, opts);
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
