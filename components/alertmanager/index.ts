import type * as pulumi from "@pulumi/pulumi";
import { ServiceComponent, type ServiceComponentArgs } from "../serviceComponent";
import { alertmanagerSpec } from "./spec";

export class Alertmanager extends ServiceComponent {
  constructor(name: string, args: ServiceComponentArgs, opts?: pulumi.ComponentResourceOptions) {
    super("xai:observability:Alertmanager", name, alertmanagerSpec(args.settings), args, opts);
  }
}
