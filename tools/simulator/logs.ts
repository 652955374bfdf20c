import { appendFileSync, existsSync, mkdirSync, renameSync, statSync } from "node:fs";
import { join } from "node:path";

type Level = "DEBUG" | "INFO" | "WARNING" | "ERROR" | "CRITICAL";
type Fields = Readonly<Record<string, unknown>>;

export interface LogSink {
  info(event: string, message: string, fields: Fields): void;
  critical(event: string, message: string, fields: Fields): void;
  apiRequest(method: string, path: string, status: number, durationMs: number): void;
  /** A record from the node's metrics module, in the secondary format. */
  metricsModule(level: Level | null, message: string, fields: Fields): void;
}

export interface LogWriterOptions {
  /** `$XAI_LOG_DIR`: xai-node.log (everything) and xai-errors.log (errors only) go here. */
  readonly directory: string;
  /** Also print each record to stdout, as the node does in a container. */
  readonly stdout: boolean;
  /** Rotate a file once it grows past this size, like Python's RotatingFileHandler. */
  readonly maxBytes?: number;
  readonly clock?: () => number;
}

/** Python's isoformat(): microseconds, with or without the +00:00 offset. */
export function pythonTimestamp(milliseconds: number, withOffset: boolean): string {
  const base = new Date(milliseconds).toISOString().slice(0, 23);
  const micros = `${base}${String(Math.floor((milliseconds % 1) * 1000)).padStart(3, "0")}`;
  return withOffset ? `${micros}+00:00` : micros;
}

/**
 * Writes JSON lines in both formats of the node's logs (see xai-node-logs.md): the node logger's main
 * format with `logger` and an offset timestamp, and the metrics module's format with `name`, a naive
 * timestamp and a level that may be null.
 */
export class JsonLogWriter implements LogSink {
  private readonly clock: () => number;
  private readonly maxBytes: number;

  constructor(private readonly options: LogWriterOptions) {
    this.clock = options.clock ?? Date.now;
    this.maxBytes = options.maxBytes ?? 10 * 2 ** 20;
    mkdirSync(options.directory, { recursive: true });
  }

  info(event: string, message: string, fields: Fields): void {
    this.main("INFO", loggerFor(event), message, { event, ...fields });
  }

  critical(event: string, message: string, fields: Fields): void {
    this.main("CRITICAL", "xai.core.node", message, {
      event,
      exception: {
        type: "RuntimeError",
        message,
        traceback: ["Traceback (most recent call last):", "RuntimeError"],
      },
      data: fields,
    });
  }

  apiRequest(method: string, path: string, status: number, durationMs: number): void {
    this.main(status >= 500 ? "ERROR" : "INFO", "xai.api.node_api", `${method} ${path} ${status}`, {
      event: "api.request",
      method,
      path,
      status,
      duration_ms: durationMs,
    });
  }

  metricsModule(level: Level | null, message: string, fields: Fields): void {
    this.write(level, {
      timestamp: pythonTimestamp(this.clock(), false),
      level,
      name: "xai.core.metrics",
      message,
      ...fields,
    });
  }

  private main(level: Level, logger: string, message: string, fields: Fields): void {
    this.write(level, {
      timestamp: pythonTimestamp(this.clock(), true),
      level,
      logger,
      message,
      module: logger.split(".").at(-1),
      function: "handle",
      line: 42,
      ...fields,
    });
  }

  private write(level: Level | null, record: Fields): void {
    const line = `${JSON.stringify(record)}\n`;
    this.append("xai-node.log", line);
    if (level === "ERROR" || level === "CRITICAL") this.append("xai-errors.log", line);
    if (this.options.stdout) process.stdout.write(line);
  }

  private append(file: string, line: string): void {
    const path = join(this.options.directory, file);
    if (existsSync(path) && statSync(path).size + line.length > this.maxBytes) renameSync(path, `${path}.1`);
    appendFileSync(path, line);
  }
}

function loggerFor(event: string): string {
  if (event.startsWith("p2p.")) return "xai.network.node_p2p";
  if (event.startsWith("mining.")) return "xai.core.node_mining";
  return "xai.core.node";
}
