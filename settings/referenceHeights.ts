import { z } from "zod";
import { hostPort, name, refuseRepeats } from "./fields";

const metricName = z
  .string({ error: "expected a metric name" })
  .regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, { error: "expected a metric name such as explorer_block_height" });

/**
 * A height source outside the fleet that Prometheus scrapes for one network: a reference node or a block
 * explorer's exporter. The stack adds it to the `xai-reference` scrape job and records its `metric` as
 * `reference_block_height`.
 */
const referenceHeight = z.strictObject({
  /** Names the reference in its `reference` label. */
  name,
  /** host:port of its metrics endpoint. */
  address: hostPort,
  /** The metric holding its block height (one series per target). */
  metric: metricName,
});
export type ReferenceHeight = z.infer<typeof referenceHeight>;

/**
 * `networks.<network>.referenceHeights`: nodes of the network are compared with the median of the fresh
 * references; with none, with the fleet's best height.
 */
export const referenceHeights = z
  .array(referenceHeight)
  .default([])
  .superRefine((references, ctx) => {
    refuseRepeats(references, "name", ctx, (_reference, index) => ({
      path: [index, "name"],
      message: "expected a name used once per network",
    }));
  });
