import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

/** A free TCP port on 127.0.0.1, chosen by the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

export async function sleep(milliseconds: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/**
 * Polls `check` until it returns a value other than undefined, or fails after `timeoutMs` with the
 * description and the last error seen. Every wait in the end-to-end tests goes through here.
 */
export async function waitFor<T>(
  description: string,
  check: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastProblem = "condition not met yet";
  for (;;) {
    try {
      const result = await check();
      if (result !== undefined) return result;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${description} (${lastProblem})`);
    }
    await sleep(options.intervalMs ?? 500);
  }
}

export interface ProcessOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** An HTTP URL that answers 200 once the process is ready. */
  readonly readyUrl: string;
  readonly readyTimeoutMs?: number;
  readonly env?: Readonly<Record<string, string>>;
}

/** A real binary started by a test. Its output is kept (the last 64 KiB) to explain failures. */
export class ManagedProcess {
  private output = "";
  private exited: Promise<void>;

  constructor(
    readonly options: ProcessOptions,
    private readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString("utf8")).slice(-65_536);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      child.once("exit", () => {
        resolve();
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get logs(): string {
    return this.output;
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.child.kill("SIGTERM");
    const killed = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
    await this.exited;
    clearTimeout(killed);
  }

  /** Synchronous last resort for process exit handlers. */
  killNow(): void {
    if (this.running) this.child.kill("SIGKILL");
  }
}

const everyProcess = new Set<ManagedProcess>();
process.once("exit", () => {
  for (const managed of everyProcess) managed.killNow();
});

/**
 * Starts processes and guarantees they are stopped: call `stopAll()` in afterAll; a process-exit hook
 * kills any still running if the test worker dies first.
 */
export class ProcessGroup {
  private readonly processes: ManagedProcess[] = [];

  async start(options: ProcessOptions): Promise<ManagedProcess> {
    const child = spawn(options.command, [...options.args], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...options.env },
    });
    const managed = new ManagedProcess(options, child);
    this.processes.push(managed);
    everyProcess.add(managed);
    const spawnError = new Promise<never>((_, reject) => {
      child.once("error", (error) => {
        reject(
          new Error(`could not start ${options.command}: ${error.message} (is it installed? see .ci/run)`),
        );
      });
    });
    try {
      await Promise.race([
        spawnError,
        waitFor(
          `${options.name} to answer ${options.readyUrl}`,
          async () => {
            if (!managed.running) throw new Error(`${options.name} exited:\n${managed.logs}`);
            const response = await fetch(options.readyUrl, { signal: AbortSignal.timeout(2_000) });
            return response.ok ? true : undefined;
          },
          { timeoutMs: options.readyTimeoutMs ?? 30_000, intervalMs: 200 },
        ),
      ]);
    } catch (error) {
      await managed.stop(2_000);
      throw new Error(
        `${error instanceof Error ? error.message : String(error)}\n--- ${options.name} output ---\n${managed.logs}`,
      );
    }
    return managed;
  }

  /** Stops one process and forgets it (e.g. before restarting it on the same data directory). */
  async stop(managed: ManagedProcess): Promise<void> {
    await managed.stop();
    everyProcess.delete(managed);
    this.processes.splice(this.processes.indexOf(managed), 1);
  }

  async stopAll(): Promise<void> {
    const stopping = this.processes.splice(0).map(async (managed) => {
      await managed.stop();
      everyProcess.delete(managed);
    });
    await Promise.all(stopping);
  }
}
