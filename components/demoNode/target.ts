import type { StackSettings, XaiNodeTarget } from "../../settings";
import { serviceAddress } from "../endpoints";

export const DEMO_NODE_NAME = "xai-demo-node";

/** The demo node as the xai-node scrape job sees it: a normal target on the stack network. */
export function demoNodeTargets(settings: StackSettings): XaiNodeTarget[] {
  if (!settings.demoNode) return [];
  return [
    {
      name: DEMO_NODE_NAME,
      address: serviceAddress(DEMO_NODE_NAME),
      network: "testnet",
      labels: { demo: "true" },
    },
  ];
}

/** The example node Pulumi.dev.yaml ships with: nothing listens there, so NodeDown would fire in the demo. */
export const PLACEHOLDER_NODE = { name: "xai-node-1", address: "host.docker.internal:8000" } as const;

/** Configured nodes that are the unchanged placeholder, when the demo node takes their place. */
export function demoPlaceholderNodes(settings: StackSettings): XaiNodeTarget[] {
  if (!settings.demoNode) return [];
  return settings.xaiNodes.filter(
    (node) => node.name === PLACEHOLDER_NODE.name && node.address === PLACEHOLDER_NODE.address,
  );
}

/** What the xai-node job scrapes: the configured nodes, with the demo node in place of the placeholder. */
export function scrapedXaiNodes(settings: StackSettings): XaiNodeTarget[] {
  const placeholders = new Set(demoPlaceholderNodes(settings));
  return [...settings.xaiNodes.filter((node) => !placeholders.has(node)), ...demoNodeTargets(settings)];
}
