import type * as pulumi from "@pulumi/pulumi";
import { ServiceComponent, type ServiceComponentArgs } from "../serviceComponent";
import { prometheusSpec } from "./spec";

export class Prometheus extends ServiceComponent {
  constructor(name: string, args: ServiceComponentArgs, opts?: pulumi.ComponentResourceOptions) {
    super("xai:observability:Prometheus", name, prometheusSpec(args.settings), args, opts);
  }
}
