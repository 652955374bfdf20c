import type { FaultUpdate } from "../tools/simulator/faults";
import { SimulatorServer, type ListeningPorts } from "../tools/simulator/server";
import { NodeSimulation } from "../tools/simulator/simulation";

interface RunningNode {
  readonly server: SimulatorServer;
  readonly ports: ListeningPorts;
}

/** Simulated XAI nodes on loopback, each with its metrics port and its fault control port. */
export class SimulatedFleet {
  private constructor(private readonly nodes: ReadonlyMap<string, RunningNode>) {}

  /** Nodes of one network; `blockIntervalSeconds` is the simulated chain's mean block time (default 5 s). */
  static async start(
    names: readonly string[],
    network: string,
    options: { blockIntervalSeconds?: number } = {},
  ): Promise<SimulatedFleet> {
    const nodes = new Map<string, RunningNode>();
    try {
      for (const name of names) {
        // Up for a day already, as a node is when monitoring starts, so uptime-based rules see no restart.
        const simulation = new NodeSimulation({
          nodeId: name,
          network,
          version: "1.0.0",
          initialUptimeSeconds: 86_400,
          ...(options.blockIntervalSeconds === undefined
            ? {}
            : { blockIntervalSeconds: options.blockIntervalSeconds }),
        });
        const server = new SimulatorServer(simulation, { host: "127.0.0.1", metricsPort: 0, controlPort: 0 });
        nodes.set(name, { server, ports: await server.start() });
      }
    } catch (error) {
      await Promise.all([...nodes.values()].map((node) => node.server.stop()));
      throw error;
    }
    return new SimulatedFleet(nodes);
  }

  private node(name: string): RunningNode {
    const found = this.nodes.get(name);
    if (!found) throw new Error(`no simulated node ${name}`);
    return found;
  }

  /** `127.0.0.1:<port>` of the node's metrics endpoint. */
  address(name: string): string {
    return `127.0.0.1:${this.node(name).ports.metrics}`;
  }

  /** Switches faults through the node's control endpoint, as an operator or test would. */
  async fault(name: string, update: FaultUpdate): Promise<void> {
    await this.post(name, "/faults", update);
  }

  /**
   * A network-wide stall: every node of the fleet stops adding blocks, switched on all of them at once so
   * no node mines a block the others miss.
   */
  async stallNetwork(): Promise<void> {
    await Promise.all([...this.nodes.keys()].map((name) => this.fault(name, { stopBlocks: true })));
  }

  async restart(name: string): Promise<void> {
    await this.post(name, "/restart");
  }

  async clear(name: string): Promise<void> {
    await this.post(name, "/faults/clear");
  }

  private async post(name: string, path: string, body?: object): Promise<void> {
    const response = await fetch(`http://127.0.0.1:${this.node(name).ports.control}${path}`, {
      method: "POST",
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok)
      throw new Error(`control ${path} on ${name} failed: ${response.status} ${await response.text()}`);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.nodes.values()].map((node) => node.server.stop()));
  }
}
