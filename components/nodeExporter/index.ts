import type * as pulumi from "@pulumi/pulumi";
import { ServiceComponent, type ServiceComponentArgs } from "../serviceComponent";
import { nodeExporterSpec } from "./spec";

export class NodeExporter extends ServiceComponent {
  constructor(name: string, args: ServiceComponentArgs, opts?: pulumi.ComponentResourceOptions) {
    super("xai:observability:NodeExporter", name, nodeExporterSpec(args.settings), args, opts);
  }
}
