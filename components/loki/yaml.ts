import { Document, isScalar, visit } from "yaml";

/** Looks like a YAML 1.1 timestamp, which Go's YAML decoders may resolve as a time, not a string. */
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}/;

/**
 * YAML for Grafana's Go binaries (Loki, Promtail): no anchors or aliases, no folding, and date-like
 * strings (schema start dates, Go time layouts) double-quoted so they stay strings.
 */
export function stringifyForGo(value: unknown): string {
  const document = new Document(value, { aliasDuplicateObjects: false });
  visit(document, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === "string" && DATE_LIKE.test(node.value)) {
        node.type = "QUOTE_DOUBLE";
      }
    },
  });
  return document.toString({ lineWidth: 0 });
}
