import type * as pulumi from "@pulumi/pulumi";
import { ServiceComponent, type ServiceComponentArgs } from "../serviceComponent";
import { dockerSocketProxySpec } from "./spec";

export class DockerSocketProxy extends ServiceComponent {
  constructor(name: string, args: ServiceComponentArgs, opts?: pulumi.ComponentResourceOptions) {
    super("xai:observability:DockerSocketProxy", name, dockerSocketProxySpec(args.settings), args, opts);
  }
}
