import type { StackSettings, XaiNodeTarget } from "../settings";

export const DEMO_NODE_NAME = "xai-demo-node";
export const DEMO_NODE_METRICS_PORT = 8000;

/** The demo node as the xai-node scrape job sees it: a normal target on the stack network. */
export function demoNodeTargets(settings: StackSettings): XaiNodeTarget[] {
  if (!settings.demoNode) return [];
  return [
    {
      name: DEMO_NODE_NAME,
      address: `${DEMO_NODE_NAME}:${DEMO_NODE_METRICS_PORT}`,
      network: "testnet",
      labels: { demo: "true" },
    },
  ];
}
