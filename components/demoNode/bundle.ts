import type * as esbuild from "esbuild";
import { createRequire } from "node:module";
import { join } from "node:path";

/**
 * The XAI node simulator (tools/simulator) as one self-contained CommonJS file, with prom-client and
 * zod inlined, so a stock Node image runs it without `npm install`. Built with esbuild, which the
 * project has through tsx; it is loaded only here, so stacks without the demo node never need it.
 */
export function bundleSimulator(): string {
  const { buildSync } = createRequire(__filename)("esbuild") as typeof esbuild;
  const result = buildSync({
    entryPoints: [join(__dirname, "..", "..", "tools", "simulator", "main.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node22",
    minify: true,
    legalComments: "inline",
    write: false,
    logLevel: "silent",
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error("esbuild produced no simulator bundle");
  return output.text;
}
