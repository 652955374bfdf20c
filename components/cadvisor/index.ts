import type * as pulumi from "@pulumi/pulumi";
import { ServiceComponent, type ServiceComponentArgs } from "../serviceComponent";
import { cadvisorSpec } from "./spec";

export class Cadvisor extends ServiceComponent {
  constructor(name: string, args: ServiceComponentArgs, opts?: pulumi.ComponentResourceOptions) {
    super("xai:observability:Cadvisor", name, cadvisorSpec(args.settings), args, opts);
  }
}
