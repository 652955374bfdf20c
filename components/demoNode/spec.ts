import type { ServiceSpec } from "../service";
import type { StackSettings } from "../../settings";
import { SERVICE_PORTS } from "../endpoints";
import { baseSpec, configFilesUnder, wgetHealthCheck } from "../specParts";
import { bundleSimulator } from "./bundle";
import { DEMO_NODE_NAME } from "./target";

const METRICS_PORT = SERVICE_PORTS[DEMO_NODE_NAME];

/**
 * Pinned Node.js on Alpine: it has `node` and busybox `wget` for the health check, and nothing more. The
 * same Node major (24 LTS) that the simulator's tests run on.
 */
export const DEMO_NODE_IMAGE = "node:24.21.0-alpine3.24";
const APP_DIR = "/app";

/**
 * A simulated XAI node for laptops (settings `demoNode: true`, dev stack only): the simulator bundle
 * delivered as a config file and run by the stock Node image, so dashboards show data right after
 * `pulumi up` without a real node.
 */
export function demoNodeSpec(settings: StackSettings): ServiceSpec {
  return {
    ...baseSpec(settings, DEMO_NODE_NAME, DEMO_NODE_IMAGE),
    command: ["node", `${APP_DIR}/xai-simulator.js`],
    env: {
      XAI_METRICS_PORT: String(METRICS_PORT),
      // Listen on the stack network for Prometheus; the fault control port stays on 127.0.0.1.
      XAI_SIM_HOST: "0.0.0.0",
      XAI_NODE_ID: DEMO_NODE_NAME,
      XAI_NETWORK: "testnet",
      XAI_LOG_DIR: "/tmp/xai-logs",
    },
    ports: [{ name: "metrics", containerPort: METRICS_PORT }],
    configFiles: configFilesUnder(APP_DIR, [
      { relativePath: "xai-simulator.js", content: bundleSimulator() },
    ]),
    tmpfs: ["/tmp"],
    healthCheck: wgetHealthCheck(METRICS_PORT, "/metrics"),
    // The image's unprivileged `node` user.
    security: { user: "1000:1000", readOnlyRootFilesystem: true, addCapabilities: [], hostPid: false },
  };
}
