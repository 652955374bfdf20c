import { parseSettings, type StackSettings } from "../../components/settings";

/** Settings of a plain dev stack, as the rules see them; `values` override config keys. */
export function stackSettings(values: Readonly<Record<string, unknown>> = {}): StackSettings {
  return parseSettings({
    project: "xai-observability",
    stack: "dev",
    values: { target: "docker", ...values },
    secretKeys: new Set(),
  });
}
