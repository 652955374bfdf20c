import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedRequest {
  readonly at: number;
  readonly path: string;
  readonly body: string;
}

/**
 * Stands in for Slack, PagerDuty and webhook endpoints: records every POST by path and answers 200
 * (or 503 while `failing` is set).
 */
export class HttpSink {
  readonly received: ReceivedRequest[] = [];
  failing = false;
  private readonly server: Server;

  constructor() {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        this.received.push({
          at: Date.now(),
          path: request.url ?? "/",
          body: Buffer.concat(chunks).toString("utf8"),
        });
        if (this.failing) {
          response.writeHead(503, { "content-type": "application/json" });
          response.end('{"status":"unavailable"}');
        } else if (request.url?.startsWith("/slack/")) {
          // As a Slack incoming webhook answers: Alertmanager reads a JSON answer without `"ok": true` as
          // a failure and retries, which delivered each Slack message twice.
          response.writeHead(200, { "content-type": "text/plain" });
          response.end("ok");
        } else {
          response.writeHead(200, { "content-type": "application/json" });
          response.end('{"status":"success"}');
        }
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  on(pathPrefix: string): ReceivedRequest[] {
    return this.received.filter((request) => request.path.startsWith(pathPrefix));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server.close(() => {
        resolve();
      }),
    );
  }
}

export interface ReceivedMail {
  readonly at: number;
  readonly to: readonly string[];
  readonly raw: string;
}

/** A local SMTP server without TLS or authentication that keeps every message. */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  /** Connection errors the server reported (resets by clients that were stopped). */
  readonly connectionErrors: string[] = [];
  private readonly server: SMTPServer;
  private port = 0;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          this.received.push({
            at: Date.now(),
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
            raw: Buffer.concat(chunks).toString("utf8"),
          });
          callback();
        });
      },
    });
    // A client killed mid-session (the tests stop Alertmanagers) resets its connection; smtp-server reports
    // that as an 'error' event, which would otherwise be an uncaught exception.
    this.server.on("error", (error: Error) => {
      this.connectionErrors.push(error.message);
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return `127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(resolve);
    });
  }
}
