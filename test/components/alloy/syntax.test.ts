import { describe, expect, it } from "vitest";
import { renderAlloyConfig } from "../../../components/alloy/config";
import { xaiNodePipeline } from "../../../components/promtail/pipeline";
import { type StackSettings } from "../../../settings";
import { runPipeline } from "../../support/logPipeline";
import { nodeLogSettings } from "../../../harness/settings";

/**
 * Reads config.alloy back with a minimal parser of Alloy's syntax (blocks, attributes, strings, numbers,
 * booleans, lists, objects, references and function calls) and checks two things no Alloy binary can
 * check here: the file is well formed, and each rendered `stage.*` block, read back, is exactly the Promtail
 * stage it came from, so both shippers run one pipeline.
 */

type Value = string | number | boolean | null | Value[] | { [key: string]: Value } | { expression: string };

interface Block {
  name: string;
  label?: string;
  attributes: Record<string, Value>;
  blocks: Block[];
}

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const pattern = /\s+|\/\/[^\n]*|"(?:[^"\\\n]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*|-?\d+(?:\.\d+)?|[{}[\](),=.]/y;
  let position = 0;
  while (position < text.length) {
    pattern.lastIndex = position;
    const match = pattern.exec(text);
    if (!match)
      throw new Error(`unexpected character at ${position}: ${text.slice(position, position + 20)}`);
    if (!/^\s|^\/\//.test(match[0])) tokens.push(match[0]);
    position = pattern.lastIndex;
  }
  return tokens;
}

function parseAlloy(text: string): Block[] {
  const tokens = tokenize(text);
  let index = 0;
  const peek = (): string | undefined => tokens[index];
  const next = (): string => {
    const token = tokens[index++];
    if (token === undefined) throw new Error("unexpected end of file");
    return token;
  };
  const expect_ = (token: string): void => {
    const got = next();
    if (got !== token) throw new Error(`expected ${token}, got ${got} at token ${index}`);
  };
  const isIdentifier = (token: string | undefined): boolean =>
    token !== undefined && /^[A-Za-z_]/.test(token);

  function dottedName(): string {
    let name = next();
    if (!isIdentifier(name)) throw new Error(`expected an identifier, got ${name}`);
    while (peek() === ".") {
      next();
      name += `.${next()}`;
    }
    return name;
  }

  function value(): Value {
    const token = peek();
    if (token === undefined) throw new Error("expected a value");
    if (token.startsWith('"')) return JSON.parse(next()) as string;
    if (/^-?\d/.test(token)) return Number(next());
    if (token === "[") {
      next();
      const items: Value[] = [];
      while (peek() !== "]") {
        items.push(value());
        if (peek() === ",") next();
        else break;
      }
      expect_("]");
      return items;
    }
    if (token === "{") {
      next();
      const entries: Record<string, Value> = {};
      while (peek() !== "}") {
        const key = next();
        const name = key.startsWith('"') ? (JSON.parse(key) as string) : key;
        expect_("=");
        entries[name] = value();
        if (peek() === ",") next();
        else break;
      }
      expect_("}");
      return entries;
    }
    if (token === "true" || token === "false") return next() === "true";
    if (token === "null") {
      next();
      return null;
    }
    let expression = dottedName();
    if (peek() === "(") {
      next();
      const args: string[] = [];
      while (peek() !== ")") {
        args.push(JSON.stringify(value()));
        if (peek() === ",") next();
        else break;
      }
      expect_(")");
      expression += `(${args.join(", ")})`;
    }
    return { expression };
  }

  function body(closing: string | undefined): Block {
    const block: Block = { name: "", attributes: {}, blocks: [] };
    while (peek() !== closing) {
      const name = dottedName();
      if (peek() === "=") {
        next();
        if (name in block.attributes) throw new Error(`attribute ${name} set twice`);
        block.attributes[name] = value();
        continue;
      }
      const label = peek()?.startsWith('"') ? (JSON.parse(next()) as string) : undefined;
      expect_("{");
      const inner = body("}");
      expect_("}");
      block.blocks.push({ ...inner, name, ...(label === undefined ? {} : { label }) });
    }
    return block;
  }

  const root = body(undefined);
  if (Object.keys(root.attributes).length > 0) throw new Error("attributes outside any block");
  return root.blocks;
}

/** A parsed `stage.*` block back in Promtail's stage schema. */
function promtailStage(block: Block): Record<string, unknown> {
  const kind = block.name.replace(/^stage\./, "");
  const attributes = block.attributes;
  switch (kind) {
    case "labels":
    case "static_labels":
    case "structured_metadata":
      return { [kind]: attributes.values };
    case "match": {
      const { selector, pipeline_name } = attributes;
      return { match: { selector, pipeline_name, stages: block.blocks.map(promtailStage) } };
    }
    default:
      return { [kind]: attributes };
  }
}

function settings(values: Record<string, unknown> = {}, logs: Record<string, unknown> = {}): StackSettings {
  return nodeLogSettings(values, { shipper: "alloy", ...logs });
}

const KNOWN_COMPONENTS = new Set([
  "logging",
  "local.file_match",
  "loki.source.file",
  "loki.source.docker",
  "loki.source.journal",
  "loki.process",
  "loki.write",
  "discovery.docker",
  "discovery.kubernetes",
  "discovery.relabel",
]);

describe("config.alloy read back", () => {
  const variants: [string, StackSettings][] = [
    ["docker, journal, DEBUG drop", settings({}, { dropDebug: true })],
    ["docker, syslog", settings({}, { systemLogs: "syslog" })],
    ["kubernetes, no system logs", settings({ target: "kubernetes" }, { systemLogs: "off" })],
  ];

  it.each(variants)("is well formed and declares only known components, each label once (%s)", (_name, s) => {
    const blocks = parseAlloy(renderAlloyConfig(s));
    for (const block of blocks) expect(KNOWN_COMPONENTS, block.name).toContain(block.name);
    const ids = blocks
      .filter((block) => block.label !== undefined)
      .map((block) => `${block.name}.${block.label ?? ""}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(variants)("runs exactly the Promtail XAI pipeline, stage for stage (%s)", (_name, s) => {
    const processing = parseAlloy(renderAlloyConfig(s)).find(
      (block) => block.name === "loki.process" && block.label === "xai_node_1",
    );
    expect(processing).toBeDefined();
    const stages = (processing?.blocks ?? []).map(promtailStage);
    const source = s.logs.xaiNodeLogs[0];
    if (!source) throw new Error("no XAI log source");
    expect(stages).toEqual(JSON.parse(JSON.stringify(xaiNodePipeline(s, source))));
    expect(processing?.attributes.forward_to).toEqual([{ expression: "loki.write.default.receiver" }]);
  });

  it("labels a secondary-format line the same way when its stages are read back from config.alloy", () => {
    const processing = parseAlloy(renderAlloyConfig(settings())).find(
      (block) => block.name === "loki.process",
    );
    const stages = (processing?.blocks ?? []).map(promtailStage);
    const line =
      '{"timestamp": "2026-11-25T02:45:49.895658", "level": null, "name": "xai.core.metrics", "message": "m"}';
    const result = runPipeline(stages, line, { job: "xai-node" }, 0n);
    expect(result).toMatchObject({
      dropped: false,
      labels: { level: "unknown", logger: "xai.core.metrics", node: "xai-node-1" },
      timestampNs: BigInt(Date.UTC(2026, 10, 25, 2, 45, 49)) * 1_000_000n + 895_658_000n,
    });
  });

  it("rejects malformed text, so the checks above can fail", () => {
    expect(() => parseAlloy('loki.write "default" {\n  endpoint {\n    url = "x"\n  }\n')).toThrow();
    expect(() => parseAlloy('logging {\n  level = "info" level = "debug"\n}\n')).toThrow(/set twice/);
    expect(() => parseAlloy("a = 1\n")).toThrow(/outside any block/);
  });
});
