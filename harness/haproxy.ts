import { existsSync } from "node:fs";

/**
 * Debian's haproxy (apt-get install haproxy; .ci/run installs it). `XAI_HAPROXY` overrides the path.
 * A missing binary is a failure, never a skip: the socket proxy's refusal is only proven by running it.
 */
export function haproxyPath(): string {
  const override = process.env.XAI_HAPROXY;
  const path = override !== undefined && override !== "" ? override : "/usr/sbin/haproxy";
  if (!existsSync(path)) {
    throw new Error(`haproxy is not installed at ${path}: apt-get install -y haproxy (.ci/run does)`);
  }
  return path;
}
