import { stringify } from "yaml";
import { alertDefinitions } from "../../rules";
import type { AlertDefinition } from "../../rules/types";
import { grafanaRootUrl } from "../grafana/server";
import { SERVICE_PORTS, ingressUrl, userUrl } from "../endpoints";
import type { RenderedFile } from "../../rules/rendered";
import type { SecretFile } from "../service";
import type { StackSettings } from "../../settings";
import { inhibitRulesFor } from "./inhibition";
import type { AlertmanagerConfig } from "./model";
import { DEFAULT_RECEIVER, planReceivers } from "./receivers";
import { buildRouteTree } from "./routing";
import { renderAlertmanagerTemplates } from "./templates";

/** Where the Alertmanager image reads its files; secrets live under SECRETS_DIR. */
export const ALERTMANAGER_CONFIG_DIR = "/etc/alertmanager";
export const ALERTMANAGER_SECRETS_DIR = "/etc/alertmanager/secrets";

export interface AlertmanagerFiles {
  /** alertmanager.yml, then templates/*.tmpl; paths relative to ALERTMANAGER_CONFIG_DIR. */
  readonly files: readonly RenderedFile[];
  /** Credential files the config points at through *_file fields. */
  readonly secretFiles: readonly SecretFile[];
}

/** Where the rendered files will sit. Tests running the binary directly point both at a temporary folder. */
export interface AlertmanagerLayout {
  readonly configDir: string;
  readonly secretsDir: string;
}

export const CONTAINER_LAYOUT: AlertmanagerLayout = {
  configDir: ALERTMANAGER_CONFIG_DIR,
  secretsDir: ALERTMANAGER_SECRETS_DIR,
};

/** The URL users reach Alertmanager on; notification links (silences, client_url) use it. */
export function alertmanagerExternalUrl(settings: StackSettings): string {
  return userUrl(settings, "alertmanager", settings.alerting.externalUrl);
}

/**
 * The preview warning for a Kubernetes stack whose Alertmanager links would point at the port-forward
 * address (no alerting.externalUrl and no Alertmanager ingress host): pages then carry links that only
 * work for whoever runs `kubectl port-forward`. Undefined when the URL is set or derived from an Ingress.
 */
export function alertmanagerExternalUrlWarning(settings: StackSettings): string | undefined {
  if (settings.target !== "kubernetes" || settings.alerting.externalUrl !== undefined) return undefined;
  if (ingressUrl(settings, "alertmanager") !== undefined) return undefined;
  return (
    `Alertmanager: links in notifications (silence, source) use ${alertmanagerExternalUrl(settings)}, ` +
    `which only works for someone running \`kubectl -n ${settings.kubernetes.namespace} port-forward svc/alertmanager ` +
    `${settings.expose.ports.alertmanager}:${SERVICE_PORTS.alertmanager}\`. Set alerting.externalUrl to the URL people reach Alertmanager on, ` +
    "or publish it with kubernetes.ingress.hosts.alertmanager."
  );
}

export function renderAlertmanagerFiles(
  settings: StackSettings,
  definitions: readonly AlertDefinition[] = alertDefinitions(settings),
  layout: AlertmanagerLayout = CONTAINER_LAYOUT,
): AlertmanagerFiles {
  const plan = planReceivers(settings, layout.secretsDir);
  const templates = renderAlertmanagerTemplates({ grafanaUrl: grafanaRootUrl(settings) });
  const config: AlertmanagerConfig = {
    global: { resolve_timeout: "5m" },
    templates: [`${layout.configDir}/templates/*.tmpl`],
    route: buildRouteTree(settings, plan.receiverFor),
    inhibit_rules: inhibitRulesFor(definitions),
    receivers: plan.receivers,
  };
  const header =
    "# Generated from the stack settings (components/alertmanager). Credentials are never here: the\n" +
    "# *_file fields point at files the platform mounts from Pulumi secrets.\n";
  return {
    files: [
      {
        relativePath: "alertmanager.yml",
        content: header + stringify(config, { lineWidth: 0, aliasDuplicateObjects: false }),
      },
      templates,
    ],
    secretFiles: plan.secretFiles,
  };
}

/**
 * Channels the routing tree would use that have no credentials; their alerts go to the default receiver
 * (the Watchdog's are dropped instead). Empty when everything is configured.
 */
export function unconfiguredAlertChannels(settings: StackSettings): string[] {
  return [...planReceivers(settings, ALERTMANAGER_SECRETS_DIR).unconfigured];
}

/** Credentials that are set but that no receiver reads (e.g. the Slack digest webhook while the digest goes by email). */
export function unusedAlertCredentials(settings: StackSettings): string[] {
  return [...planReceivers(settings, ALERTMANAGER_SECRETS_DIR).unused];
}

/**
 * The single warning `pulumi preview` prints about alert channels without credentials and credentials no
 * channel uses, or undefined when there are neither. The stack logs it once with pulumi.log.warn.
 */
export function alertCredentialsWarning(settings: StackSettings): string | undefined {
  const plan = planReceivers(settings, ALERTMANAGER_SECRETS_DIR);
  const parts: string[] = [];
  if (plan.unconfigured.length > 0) {
    const fallback = plan.receivers.find((receiver) => receiver.name === DEFAULT_RECEIVER);
    const fallbackDelivers = Object.keys(fallback ?? {}).some((key) => key.endsWith("_configs"));
    parts.push(
      `${plan.unconfigured.length} alert channel(s) have no credentials: ${plan.unconfigured.join("; ")}. ` +
        "Their alerts go to the default receiver" +
        (fallbackDelivers
          ? ""
          : ", which has no credentials either, so they only show in the Alertmanager UI") +
        "; Watchdog pings are dropped rather than sent to people. " +
        "Set the secrets with `pulumi config set --secret <key> <value>`.",
    );
  }
  if (plan.unused.length > 0) {
    // Set but unused is usually a typo or a half-made switch (e.g. digestVia), so say which setting to check.
    parts.push(
      `${plan.unused.length} configured credential(s) are not used: ${plan.unused.join("; ")}. ` +
        "Change the setting named to use them, or remove them with `pulumi config rm <key>`.",
    );
  }
  return parts.length === 0 ? undefined : `Alertmanager: ${parts.join(" ")}`;
}
