import { createRequire } from "node:module";
import type { LRParser } from "@lezer/lr";

/**
 * lezer-promql ships ESM-only typings, so this CommonJS project loads its CommonJS build by require and
 * types it with @lezer/lr's CommonJS typings (its peer dependency).
 */
export const promqlParser = (createRequire(__filename)("@prometheus-io/lezer-promql") as { parser: LRParser })
  .parser;
