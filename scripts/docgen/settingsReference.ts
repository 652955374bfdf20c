import { join } from "node:path";
import { z } from "zod";
import * as fields from "../../settings/fields";
import { SECRET_KEYS, settingsSchema } from "../../settings";
import { settingDocComments } from "./docComments";
import { cell, code, prettierMarkdown, table } from "./markdown";
import { fallbackFor } from "./settingDescriptions";

/** One row of the configuration reference. */
export interface SettingRow {
  /** Dotted path as `pulumi config set --path` takes it; `[]` stands for any list index. */
  readonly path: string;
  readonly type: string;
  /** Shown default: a formatted value, "required", or "unset". */
  readonly defaultText: string;
  readonly description: string;
}

const SCHEMA_FILE = join(__dirname, "..", "..", "settings", "schema.ts");

/** The smallest input the schema accepts; parseSettings fills environment and cluster from the stack name. */
const MINIMAL_INPUT = { target: "docker", environment: "dev", cluster: "xai-dev" } as const;

/** Readable names for the shared field schemas, matched by identity; unknown exports show their own name. */
const FIELD_NAMES: Readonly<Record<string, string>> = {
  duration: "duration (15s, 5m, 30d)",
  byteSize: "size (512MB, 50GB)",
  memoryLimit: "memory (256Mi, 2Gi)",
  port: "port (1-65535)",
  hostPort: "host:port",
  name: "name (a-z, 0-9, -)",
  labelName: "label name",
  labels: "map of label name → string",
  pinnedImage: "image:tag[@sha256:…]",
  httpUrl: "http(s) URL",
  absoluteDirectory: "absolute path",
  positiveDuration: "duration above 0s (15s, 5m, 30d)",
  kubernetesLabels: "map of Kubernetes label key → value",
  kubernetesAnnotations: "map of annotation key → string",
};

/** A field's own form, set with `.meta({ form })` where the field is not one of the shared fields. */
function formOf(schema: z.ZodType): string | undefined {
  const named = namedFields.get(schema);
  if (named !== undefined) return named;
  const form = schema.meta()?.form;
  return typeof form === "string" ? form : undefined;
}

const namedFields = new Map<unknown, string>(
  Object.entries(fields)
    .filter(([, value]) => value instanceof z.ZodType)
    .map(([exportName, value]) => [value, FIELD_NAMES[exportName] ?? exportName]),
);

interface Unwrapped {
  readonly schema: z.ZodType;
  readonly hasDefault: boolean;
  readonly defaultValue: unknown;
  readonly optional: boolean;
}

/** Peels default/optional/pipe wrappers off a field, stopping at a named shared field. */
function unwrap(start: z.ZodType): Unwrapped {
  let schema = start;
  let hasDefault = false;
  let defaultValue: unknown;
  let optional = false;
  for (;;) {
    if (formOf(schema) !== undefined) break;
    if (schema instanceof z.ZodDefault) {
      if (!hasDefault) {
        hasDefault = true;
        defaultValue = schema.def.defaultValue;
      }
      schema = schema.def.innerType as z.ZodType;
    } else if (schema instanceof z.ZodPrefault) {
      // A prefault feeds its value through the inner schema, so the inner fields' own defaults apply.
      schema = schema.def.innerType as z.ZodType;
    } else if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) {
      optional = true;
      schema = schema.def.innerType as z.ZodType;
    } else if (schema instanceof z.ZodPipe) {
      // A transform after parsing: the user writes what the pipe's input accepts.
      schema = schema.def.in as z.ZodType;
    } else if (schema instanceof z.ZodReadonly) {
      schema = schema.def.innerType as z.ZodType;
    } else {
      break;
    }
  }
  return { schema, hasDefault, defaultValue, optional };
}

const STRING_FORMATS: Readonly<Record<string, string>> = {
  url: "URL",
  ipv4: "IPv4 address",
  ipv6: "IPv6 address",
  email: "email address",
  uuid: "UUID",
};

function describeType(start: z.ZodType): string {
  const { schema } = unwrap(start);
  const named = formOf(schema);
  if (named !== undefined) return named;
  if (schema instanceof z.ZodObject) return "object";
  if (schema instanceof z.ZodArray) return `list of ${describeType(schema.element as z.ZodType)}`;
  if (schema instanceof z.ZodRecord) {
    return `map of ${describeType(schema.keyType as z.ZodType)} → ${describeType(schema.valueType as z.ZodType)}`;
  }
  if (schema instanceof z.ZodEnum)
    return `one of ${schema.options.map((option) => code(String(option))).join(", ")}`;
  if (schema instanceof z.ZodLiteral)
    return [...schema.values].map((value) => code(String(value))).join(" or ");
  if (schema instanceof z.ZodUnion) {
    return (schema.options as z.ZodType[]).map((option) => describeType(option)).join(" or ");
  }
  if (schema instanceof z.ZodStringFormat) {
    const format: string = schema._zod.def.format;
    return STRING_FORMATS[format] ?? format;
  }
  if (schema instanceof z.ZodString) return "string";
  if (schema instanceof z.ZodNumber) return "number";
  if (schema instanceof z.ZodBoolean) return "boolean";
  return schema.def.type;
}

function formatValue(value: unknown): string {
  if (typeof value === "string") return code(value);
  return code(JSON.stringify(value));
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

interface WalkContext {
  readonly docs: ReadonlyMap<string, string>;
  /** Settings after parsing the minimal input: defaults that a transform fills in are visible here. */
  readonly effective: unknown;
  readonly rows: SettingRow[];
}

interface Position {
  /** The path as object keys; undefined inside list elements (no single effective value). */
  readonly keys: readonly string[] | undefined;
  /** The nearest enclosing object that may be left out entirely, if any. */
  readonly optionalParent: string | undefined;
}

function descriptionOf(path: string, schema: z.ZodType, context: WalkContext): string {
  return schema.description ?? context.docs.get(path) ?? fallbackFor(path)?.description ?? "";
}

function defaultTextOf(path: string, position: Position, field: Unwrapped, context: WalkContext): string {
  const override = fallbackFor(path)?.defaultText;
  if (override !== undefined) return override;
  if (field.hasDefault) return formatValue(field.defaultValue);
  const { keys, optionalParent } = position;
  if (keys && !(keys[0] !== undefined && keys[0] in MINIMAL_INPUT)) {
    const effective = valueAt(context.effective, keys);
    if (effective !== undefined) return formatValue(effective);
  }
  if (field.optional) return "unset";
  return optionalParent ? `required when ${code(optionalParent)} is set` : "required";
}

function walk(schema: z.ZodType, path: string, position: Position, context: WalkContext): void {
  const field = unwrap(schema);
  const inner = field.schema;
  const description = descriptionOf(path, schema, context) || descriptionOf(path, inner, context);
  if (inner instanceof z.ZodObject && !namedFields.has(inner)) {
    if (path && description) {
      context.rows.push({ path, type: "object", defaultText: "", description });
    }
    const optionalParent = field.optional && !field.hasDefault ? path : position.optionalParent;
    const shape: Record<string, unknown> = inner.shape;
    for (const [key, child] of Object.entries(shape)) {
      if (!(child instanceof z.ZodType)) continue;
      walk(
        child,
        path ? `${path}.${key}` : key,
        { keys: position.keys && [...position.keys, key], optionalParent },
        context,
      );
    }
    return;
  }
  if (inner instanceof z.ZodArray && unwrap(inner.element as z.ZodType).schema instanceof z.ZodObject) {
    context.rows.push({
      path,
      type: "list of objects",
      defaultText: defaultTextOf(path, position, field, context),
      description,
    });
    walk(inner.element as z.ZodType, `${path}[]`, { keys: undefined, optionalParent: undefined }, context);
    return;
  }
  context.rows.push({
    path,
    type: describeType(inner),
    defaultText: defaultTextOf(path, position, field, context),
    description,
  });
}

/** Every setting of the schema, in schema order, with type, default and description. */
export function settingRows(): SettingRow[] {
  const parsed = settingsSchema.safeParse(MINIMAL_INPUT);
  const context: WalkContext = {
    docs: settingDocComments(SCHEMA_FILE, "SettingsInput"),
    effective: parsed.success ? parsed.data : undefined,
    rows: [],
  };
  walk(settingsSchema, "", { keys: [], optionalParent: undefined }, context);
  return context.rows;
}

/** The README's configuration reference: every setting, then every secret. */
export async function settingsReferenceMarkdown(targetFile: string): Promise<string> {
  const settings = table(
    ["Key", "Type", "Default", "Description"],
    settingRows().map((row) => [code(row.path), cell(row.type), row.defaultText, cell(row.description)]),
  );
  const secrets = table(
    ["Secret key", "What it is"],
    Object.entries(SECRET_KEYS).map(([key, description]) => [code(key), cell(description)]),
  );
  const markdown = [
    "Settings (plain `pulumi config set --path <key> <value>`; keys are relative to the project namespace `xai-observability:`):",
    settings,
    "Secrets (always `pulumi config set --secret <key> <value>`; never stored in plain text, never in `StackSettings`):",
    secrets,
  ].join("\n\n");
  return prettierMarkdown(markdown, targetFile);
}
