/**
 * A small writer for Alloy configuration syntax: attributes, blocks and literals. It only writes;
 * escaping goes through JSON string rules, which Alloy's double-quoted strings accept.
 */

/** A reference to another component's export, written verbatim (e.g. `loki.write.default.receiver`). */
export interface AlloyReference {
  readonly reference: string;
}

export type AlloyValue =
  string | number | boolean | AlloyReference | readonly AlloyValue[] | { readonly [key: string]: AlloyValue };

export interface AlloyAttribute {
  readonly kind: "attribute";
  readonly name: string;
  readonly value: AlloyValue;
}

export interface AlloyBlock {
  readonly kind: "block";
  readonly name: string;
  readonly label?: string;
  readonly body: readonly AlloyStatement[];
}

export type AlloyStatement = AlloyAttribute | AlloyBlock;

export function ref(reference: string): AlloyReference {
  return { reference };
}

export function attr(name: string, value: AlloyValue): AlloyAttribute {
  return { kind: "attribute", name, value };
}

export function block(name: string, label: string | undefined, body: readonly AlloyStatement[]): AlloyBlock {
  return label === undefined ? { kind: "block", name, body } : { kind: "block", name, label, body };
}

/** Component labels must be identifiers: `xai-node-1` becomes `xai_node_1`. */
export function componentLabel(text: string): string {
  const label = text.replace(/[^A-Za-z0-9_]/g, "_");
  return /^[A-Za-z_]/.test(label) ? label : `_${label}`;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function isReference(value: AlloyValue): value is AlloyReference {
  return typeof value === "object" && !Array.isArray(value) && "reference" in value;
}

function writeValue(value: AlloyValue, indent: string): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (isReference(value)) return value.reference;
  if (Array.isArray(value)) {
    const items = value as readonly AlloyValue[];
    return `[${items.map((item) => writeValue(item, indent)).join(", ")}]`;
  }
  const entries = Object.entries(value as { readonly [key: string]: AlloyValue });
  if (entries.length === 0) return "{}";
  const inner = `${indent}  `;
  const lines = entries.map(
    ([key, item]) =>
      `${inner}${IDENTIFIER.test(key) ? key : JSON.stringify(key)} = ${writeValue(item, inner)},`,
  );
  return `{\n${lines.join("\n")}\n${indent}}`;
}

function writeStatement(statement: AlloyStatement, indent: string): string {
  if (statement.kind === "attribute") {
    return `${indent}${statement.name} = ${writeValue(statement.value, indent)}`;
  }
  const header =
    statement.label === undefined ? statement.name : `${statement.name} ${JSON.stringify(statement.label)}`;
  if (statement.body.length === 0) return `${indent}${header} { }`;
  const body = statement.body.map((inner) => writeStatement(inner, `${indent}  `)).join("\n");
  return `${indent}${header} {\n${body}\n${indent}}`;
}

/** Top-level blocks separated by blank lines, with a trailing newline. */
export function writeAlloy(blocks: readonly AlloyBlock[]): string {
  return `${blocks.map((statement) => writeStatement(statement, "")).join("\n\n")}\n`;
}
