/**
 * Runs one simulated XAI node. Settings come from the environment, using the node's own variable names
 * where it has them:
 *   XAI_METRICS_PORT (8000), XAI_SIM_HOST (127.0.0.1; 0.0.0.0 in a container),
 *   XAI_SIM_CONTROL_PORT (8001, always bound to 127.0.0.1), XAI_NODE_ID, XAI_NETWORK, XAI_VERSION,
 *   XAI_LOG_DIR (unset: logs go to stdout only), XAI_SIM_BLOCK_SECONDS (5).
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JsonLogWriter } from "./logs";
import { SimulatorServer } from "./server";
import { NodeSimulation } from "./simulation";

function numberFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${name}: expected a non-negative number, got "${raw}"`);
  return value;
}

async function main(): Promise<void> {
  const logDir = process.env.XAI_LOG_DIR;
  const logs = new JsonLogWriter({
    directory: logDir ?? join(tmpdir(), "xai-simulator-logs"),
    stdout: true,
  });
  const simulation = new NodeSimulation({
    nodeId: process.env.XAI_NODE_ID ?? "xai-demo-node",
    network: process.env.XAI_NETWORK ?? "testnet",
    version: process.env.XAI_VERSION ?? "1.0.0",
    blockIntervalSeconds: numberFrom("XAI_SIM_BLOCK_SECONDS", 5),
    logs,
  });
  const server = new SimulatorServer(simulation, {
    host: process.env.XAI_SIM_HOST ?? "127.0.0.1",
    metricsPort: numberFrom("XAI_METRICS_PORT", 8000),
    controlPort: numberFrom("XAI_SIM_CONTROL_PORT", 8001),
  });
  const ports = await server.start();
  logs.metricsModule("INFO", "Metrics server started", { port: ports.metrics, control_port: ports.control });
  const metricsHeartbeat = setInterval(() => {
    logs.metricsModule(null, "Metrics snapshot collected", { peers: simulation.faults.peers });
  }, 30_000);
  const shutdown = (): void => {
    clearInterval(metricsHeartbeat);
    void server.stop().then(() => process.exit(0));
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`xai simulator failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
