import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedPost {
  readonly path: string;
  readonly body: string;
  /** The status the sink answered: 200, or 503 while it was failing. */
  readonly status: number;
}

/**
 * Stands in for Slack, PagerDuty and the dead-man's switch: records every POST by path. It answers like a
 * Slack incoming webhook (200, text "ok"), which PagerDuty's notifier also accepts; 503 while `failing`.
 */
export class WebhookSink {
  readonly received: ReceivedPost[] = [];
  failing = false;
  /** Paths that always answer 500, as a broken receiver endpoint would. */
  readonly brokenPaths = new Set<string>();
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const status = this.brokenPaths.has(request.url ?? "/") ? 500 : this.failing ? 503 : 200;
      this.received.push({ path: request.url ?? "/", body: Buffer.concat(chunks).toString("utf8"), status });
      response.writeHead(status, { "content-type": "text/plain" });
      response.end(status === 200 ? "ok" : "unavailable");
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${String((this.server.address() as AddressInfo).port)}`;
  }

  /** Accepted posts to `path` whose body contains every one of `texts`. */
  delivered(path: string, ...texts: string[]): ReceivedPost[] {
    return this.received.filter(
      (post) => post.status === 200 && post.path === path && texts.every((text) => post.body.includes(text)),
    );
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
  }
}

export interface ReceivedMail {
  readonly to: readonly string[];
  /** Headers and body, quoted-printable decoded so template text can be searched. */
  readonly text: string;
}

/** A local SMTP server that only accepts the given credentials (over plain text: loopback only). */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  readonly rejectedLogins: string[] = [];
  private readonly server: SMTPServer;

  constructor(username: string, password: string) {
    this.server = new SMTPServer({
      disabledCommands: ["STARTTLS"],
      allowInsecureAuth: true,
      authMethods: ["PLAIN", "LOGIN"],
      logger: false,
      onAuth: (auth, _session, callback) => {
        if (auth.username === username && auth.password === password) {
          callback(null, { user: username });
        } else {
          this.rejectedLogins.push(auth.username ?? "");
          callback(new Error("invalid credentials"));
        }
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          this.received.push({
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
            text: decodeQuotedPrintable(Buffer.concat(chunks).toString("utf8")),
          });
          callback();
        });
      },
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `127.0.0.1:${String((this.server.server.address() as AddressInfo).port)}`;
  }

  delivered(to: string, ...texts: string[]): ReceivedMail[] {
    return this.received.filter(
      (mail) => mail.to.includes(to) && texts.every((text) => mail.text.includes(text)),
    );
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(resolve);
    });
  }
}

function decodeQuotedPrintable(text: string): string {
  return text
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
