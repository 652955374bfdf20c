import { isScalar, parseDocument, visit } from "yaml";

/**
 * How a rendered stack is moved onto this machine for the end-to-end tests. Only two kinds of value
 * change: network addresses (`host:port` of a service on the stack network) and directories inside
 * containers (config, secrets and data folders). Rules, routes, templates, intervals and every other
 * setting stay exactly as rendered.
 */
export interface LoopbackRewrite {
  /** In-network address to loopback address, e.g. "alertmanager:9093" to "127.0.0.1:41234". */
  readonly addresses: Readonly<Record<string, string>>;
  /** Container directory to local directory, e.g. "/etc/prometheus" to "/tmp/e2e-x/prometheus". */
  readonly directories: Readonly<Record<string, string>>;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Rewrites one string (a YAML scalar or a command-line argument): an address counts only as a whole
 * `host:port` token, a directory only at the start of a path (the whole value, or after `--flag=`).
 */
export function rewriteValue(value: string, rewrite: LoopbackRewrite): string {
  let result = value;
  for (const [from, to] of Object.entries(rewrite.addresses)) {
    result = result.replace(new RegExp(`(?<![\\w.-])${escape(from)}(?![\\w.-])`, "g"), to);
  }
  // Longest directories first, so /etc/alertmanager/secrets wins over /etc/alertmanager.
  const directories = Object.entries(rewrite.directories).sort(([a], [b]) => b.length - a.length);
  for (const [from, to] of directories) {
    const pattern = new RegExp(`(^|=)${escape(from)}(?=/|$)`);
    if (pattern.test(result)) {
      result = result.replace(pattern, `$1${to}`);
      break;
    }
  }
  return result;
}

/** Rewrites a rendered YAML config scalar by scalar, keeping its structure, comments and order. */
export function rewriteYamlConfig(yamlText: string, rewrite: LoopbackRewrite): string {
  const document = parseDocument(yamlText);
  if (document.errors.length > 0)
    throw new Error(`rendered YAML does not parse: ${document.errors[0]?.message ?? ""}`);
  visit(document, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === "string") node.value = rewriteValue(node.value, rewrite);
    },
  });
  return document.toString({ lineWidth: 0 });
}

/** Rewrites command-line arguments from a ServiceSpec. */
export function rewriteArgs(args: readonly string[], rewrite: LoopbackRewrite): string[] {
  return args.map((arg) => rewriteValue(arg, rewrite));
}
