import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { faultUpdateSchema } from "./faults";
import type { NodeSimulation } from "./simulation";

export interface SimulatorServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly metricsPort: number;
  readonly controlPort: number;
  /** How often the simulation advances. */
  readonly tickMs?: number;
}

export interface ListeningPorts {
  readonly metrics: number;
  readonly control: number;
}

/**
 * Serves one simulated node: `/metrics` on the metrics port, and a small control API on a separate
 * port so tests can switch faults even while the metrics listener is closed:
 *   GET /faults, POST /faults (JSON, partial), POST /faults/clear, POST /restart.
 */
export class SimulatorServer {
  private metricsServer: Server | undefined;
  private readonly controlServer: Server;
  private timer: NodeJS.Timeout | undefined;
  private metricsPort: number;
  private lastTick = Date.now();

  constructor(
    readonly simulation: NodeSimulation,
    private readonly options: SimulatorServerOptions,
  ) {
    this.metricsPort = options.metricsPort;
    this.controlServer = createServer((request, response) => {
      this.control(request, response).catch((error: unknown) => {
        reply(response, 500, { error: String(error) });
      });
    });
  }

  async start(): Promise<ListeningPorts> {
    await this.openMetrics();
    await listen(this.controlServer, this.options.host, this.options.controlPort);
    this.lastTick = Date.now();
    this.timer = setInterval(() => {
      const now = Date.now();
      this.simulation.advance((now - this.lastTick) / 1000);
      this.lastTick = now;
    }, this.options.tickMs ?? 1000);
    return { metrics: this.metricsPort, control: (this.controlServer.address() as AddressInfo).port };
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([closeServer(this.metricsServer), closeServer(this.controlServer)]);
    this.metricsServer = undefined;
  }

  private async openMetrics(): Promise<void> {
    if (this.metricsServer) return;
    const server = createServer((request, response) => {
      if (request.url?.split("?")[0] !== "/metrics") {
        reply(response, 404, { error: "not found" });
        return;
      }
      this.simulation.instruments.exposition().then(
        (text) => {
          response.writeHead(200, { "content-type": this.simulation.instruments.registry.contentType });
          response.end(text);
        },
        (error: unknown) => {
          reply(response, 500, { error: String(error) });
        },
      );
    });
    await listen(server, this.options.host, this.metricsPort);
    this.metricsPort = (server.address() as AddressInfo).port;
    this.metricsServer = server;
  }

  private async applyServing(): Promise<void> {
    if (this.simulation.faults.stopServing) {
      const server = this.metricsServer;
      this.metricsServer = undefined;
      await closeServer(server);
    } else {
      await this.openMetrics();
    }
  }

  private async control(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const route = `${request.method ?? "GET"} ${request.url?.split("?")[0] ?? "/"}`;
    switch (route) {
      case "GET /faults":
        break;
      case "POST /faults": {
        const parsed = faultUpdateSchema.safeParse(JSON.parse(await readBody(request)));
        if (!parsed.success) {
          reply(response, 400, { error: parsed.error.issues.map((issue) => issue.message).join("; ") });
          return;
        }
        this.simulation.setFaults(parsed.data);
        await this.applyServing();
        break;
      }
      case "POST /faults/clear":
        this.simulation.clearFaults();
        await this.applyServing();
        break;
      case "POST /restart":
        this.simulation.restart();
        break;
      default:
        reply(response, 404, { error: `unknown control route ${route}` });
        return;
    }
    reply(response, 200, { faults: this.simulation.faults, serving: this.metricsServer !== undefined });
  }
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text === "" ? "{}" : text;
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function closeServer(server: Server | undefined): Promise<void> {
  if (!server) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => {
      resolve();
    });
    // Scrapers keep connections alive; drop them so the port really stops answering.
    server.closeAllConnections();
  });
}
