import type * as pulumi from "@pulumi/pulumi";
import { ServiceComponent, type ServiceComponentArgs } from "../serviceComponent";
import { demoNodeSpec } from "./spec";

/** The XAI node simulator as a demo scrape target (dev stack, `demoNode: true`). */
export class DemoNode extends ServiceComponent {
  constructor(name: string, args: ServiceComponentArgs, opts?: pulumi.ComponentResourceOptions) {
    super("xai:observability:DemoNode", name, demoNodeSpec(args.settings), args, opts);
  }
}
