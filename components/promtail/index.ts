import type * as pulumi from "@pulumi/pulumi";
import { ServiceComponent, type ServiceComponentArgs } from "../serviceComponent";
import { promtailSpec } from "./spec";

export class Promtail extends ServiceComponent {
  constructor(name: string, args: ServiceComponentArgs, opts?: pulumi.ComponentResourceOptions) {
    super("xai:observability:Promtail", name, promtailSpec(args.settings), args, opts);
  }
}
