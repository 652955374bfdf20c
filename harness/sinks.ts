import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedPost {
  readonly at: number;
  readonly path: string;
  readonly body: string;
  /** The status the sink answered: its reply's, or 503 while it was failing. */
  readonly status: number;
}

/** What a sink answers to every POST. */
export interface SinkReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/**
 * A Slack incoming webhook's answer, which PagerDuty's and the webhook notifier also accept. Slack's
 * notifier reads a JSON answer without `"ok": true` as a failure and retries, which would deliver twice.
 */
export const SLACK_OK: SinkReply = { status: 200, contentType: "text/plain", body: "ok" };

/**
 * Stands in for Slack, PagerDuty and the dead-man's switch: records every POST by path. It answers with
 * `reply` (by default like a Slack incoming webhook), and 503 while `failing`.
 */
export class WebhookSink {
  readonly received: ReceivedPost[] = [];
  failing = false;
  reply: SinkReply = SLACK_OK;
  /** Paths that always answer 500, as a broken receiver endpoint would. */
  readonly brokenPaths = new Set<string>();
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const broken = this.brokenPaths.has(request.url ?? "/");
      const reply = broken
        ? { status: 500, contentType: "text/plain", body: "unavailable" }
        : this.failing
          ? { status: 503, contentType: "text/plain", body: "unavailable" }
          : this.reply;
      const body = Buffer.concat(chunks).toString("utf8");
      this.received.push({ at: Date.now(), path: request.url ?? "/", body, status: reply.status });
      response.writeHead(reply.status, { "content-type": reply.contentType });
      response.end(reply.body);
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${String((this.server.address() as AddressInfo).port)}`;
  }

  /** Accepted (2xx) posts to `path` whose body contains every one of `texts`. */
  delivered(path: string, ...texts: string[]): ReceivedPost[] {
    return this.received.filter(
      (post) =>
        post.status >= 200 &&
        post.status < 300 &&
        post.path === path &&
        texts.every((text) => post.body.includes(text)),
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
  readonly at: number;
  readonly to: readonly string[];
  /** Headers and body, quoted-printable decoded so template text can be searched. */
  readonly text: string;
}

export interface SmtpLogin {
  readonly username: string;
  readonly password: string;
}

/**
 * A local SMTP server without TLS that keeps every message. With `login` it accepts only those
 * credentials (over plain text: loopback only); without, it needs no authentication.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  readonly rejectedLogins: string[] = [];
  /** Connection errors the server reported (resets by clients that were stopped). */
  readonly connectionErrors: string[] = [];
  private readonly server: SMTPServer;

  constructor(login?: SmtpLogin) {
    this.server = new SMTPServer({
      disabledCommands: ["STARTTLS"],
      authOptional: login === undefined,
      allowInsecureAuth: true,
      authMethods: ["PLAIN", "LOGIN"],
      logger: false,
      onAuth: (auth, _session, callback) => {
        if (login && auth.username === login.username && auth.password === login.password) {
          callback(null, { user: login.username });
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
            at: Date.now(),
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
            text: decodeQuotedPrintable(Buffer.concat(chunks).toString("utf8")),
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
    return `127.0.0.1:${String((this.server.server.address() as AddressInfo).port)}`;
  }

  /** Mails to `to` whose decoded text contains every one of `texts`. */
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
