import type { RenderedFile } from "../rendered";
import type { ServiceSpec } from "../service";
import type { StackSettings } from "../settings";

/**
 * The exact manifests the prod stack applies, as `<kind>-<name>.yaml` files; the KubernetesPlatform
 * builds its resources from the same objects.
 */
export function renderKubernetesManifests(_settings: StackSettings, _specs: readonly ServiceSpec[]): RenderedFile[] {
  return [];
}
