import { disabledInhibitionWarnings } from "../rules";
import { alertCredentialsWarning, alertmanagerExternalUrlWarning } from "./alertmanager/config";
import { demoPlaceholderNodes } from "./demoNode/target";
import type { StackSettings } from "../settings";

/** Sections that only one target reads; set on the other target they would be silently ignored. */
const TARGET_ONLY_SECTIONS = { kubernetes: "kubernetes", expose: "docker" } as const;

function isLoopback(address: string): boolean {
  return /^127\.\d+\.\d+\.\d+$/.test(address);
}

/**
 * Legal but dangerous choices. One list, printed by `render` on stderr and by `pulumi preview` through
 * pulumi.log.warn, so both show the same warnings.
 */
export function stackWarnings(settings: StackSettings): string[] {
  const warnings: string[] = [];
  for (const [section, target] of Object.entries(TARGET_ONLY_SECTIONS)) {
    if (settings.givenKeys.includes(section) && settings.target !== target) {
      warnings.push(
        `${section}: these settings apply to the ${target} target only and are ignored on ${settings.target}; remove them from the stack file.`,
      );
    }
  }
  if (settings.target === "docker" && !isLoopback(settings.expose.bindAddress)) {
    const open = ["Prometheus", "Alertmanager", ...(settings.logs.enabled ? ["Loki"] : [])];
    warnings.push(
      `expose.bindAddress ${settings.expose.bindAddress} publishes ${open.join(", ")} beyond this host, and none of them has a login: anyone who reaches the address can read metrics${settings.logs.enabled ? " and logs" : ""} and silence alerts. Use 127.0.0.1 behind an authenticating proxy or an SSH tunnel.`,
    );
  }
  const placeholders = demoPlaceholderNodes(settings);
  if (placeholders.length > 0) {
    warnings.push(
      `demoNode: the placeholder node ${placeholders.map((node) => `${node.name} (${node.address})`).join(", ")} is not scraped while the demo node runs; replace it with your nodes in xaiNodes.`,
    );
  }
  const alerts = alertCredentialsWarning(settings);
  if (alerts !== undefined) warnings.push(alerts);
  const externalUrl = alertmanagerExternalUrlWarning(settings);
  if (externalUrl !== undefined) warnings.push(externalUrl);
  // Inhibitions that lost their target because settings disabled it: legal, but worth knowing.
  warnings.push(...disabledInhibitionWarnings(settings));
  return warnings;
}
