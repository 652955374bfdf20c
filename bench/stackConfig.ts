import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

export const PROJECT = "xai-observability";

export interface StackFileConfig {
  /** Bare keys (no project prefix); secure values replaced by a placeholder. */
  readonly values: Record<string, unknown>;
  readonly secretKeys: string[];
}

/** The committed Pulumi.<stack>.yaml as plain config, the way `pulumi preview` would see it. */
export function readStackFile(stack: string): StackFileConfig {
  const file = parse(readFileSync(join(__dirname, "..", `Pulumi.${stack}.yaml`), "utf8")) as {
    config?: Record<string, unknown>;
  } | null;
  const values: Record<string, unknown> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(file?.config ?? {})) {
    if (!key.startsWith(`${PROJECT}:`)) continue;
    const bare = key.slice(PROJECT.length + 1);
    const secure = typeof value === "object" && value !== null && "secure" in value;
    if (secure) secretKeys.push(bare);
    values[bare] = secure ? "placeholder-secret" : value;
  }
  return { values, secretKeys };
}
