import { z } from "zod";
import { RESERVED_TARGET_LABELS } from "./fields";

/**
 * A version as the XAI node reports it in xai_node_info{version}. It is pasted into rule annotations and
 * label matchers, so template characters ({{ }}), quotes and spaces are refused rather than escaped.
 */
export const versionString = z
  .string({ error: 'expected a version such as "1.10.0" or "v2.3.1-rc1" (quote it in YAML)' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/, {
    error: 'expected a version such as "1.10.0" or "v2.3.1-rc1": letters, digits and . _ + - only',
  })
  .meta({ form: "version (1.10.0, v2.3.1-rc1)" });

/** Two services published on one host port: Docker fails the second container at `pulumi up`. */
export function uniquePorts(ports: Readonly<Record<string, number>>, ctx: z.RefinementCtx): void {
  const owner = new Map<number, string>();
  for (const [service, port] of Object.entries(ports)) {
    const first = owner.get(port);
    if (first === undefined) {
      owner.set(port, service);
    } else {
      ctx.addIssue({
        code: "custom",
        path: [service],
        message: `expected a port no other service publishes; ${String(port)} is already expose.ports.${first}`,
      });
    }
  }
}

interface CrossReferenced {
  readonly xaiNodes: readonly { readonly name: string }[];
  readonly demoNode: boolean;
  readonly logs: { readonly xaiNodeLogs: readonly { readonly node: string }[] };
  readonly kubernetes: { readonly prometheus: { readonly replicaLabel: string } };
}

/** Checks between sections: log sources name scraped nodes, the replica label collides with no other label. */
export function checkCrossReferences(settings: CrossReferenced, ctx: z.RefinementCtx): void {
  const nodeNames = new Set(settings.xaiNodes.map((node) => node.name));
  // The demo node's logs are not on the host; only configured nodes can have log directories.
  settings.logs.xaiNodeLogs.forEach((source, index) => {
    if (!nodeNames.has(source.node)) {
      ctx.addIssue({
        code: "custom",
        path: ["logs", "xaiNodeLogs", index, "node"],
        message: `expected the name of a node in xaiNodes (${[...nodeNames].join(", ") || "none configured"}); "${source.node}" is not one, so its logs would match no metrics`,
      });
    }
  });
  // __replica__ is Mimir's and Cortex's default HA label, so only __name__ among reserved names collides.
  const replicaLabel = settings.kubernetes.prometheus.replicaLabel;
  if (replicaLabel === "__name__" || (RESERVED_TARGET_LABELS as readonly string[]).includes(replicaLabel)) {
    ctx.addIssue({
      code: "custom",
      path: ["kubernetes", "prometheus", "replicaLabel"],
      message: `expected a label name used by nothing else, such as replica or __replica__; "${replicaLabel}" is ${replicaLabel === "__name__" ? "the metric name" : "already a label of every series (external or target label)"}`,
    });
  }
}
