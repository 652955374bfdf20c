import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { enabledServices } from "./catalog";
import { grafanaApiUrl } from "./endpoints";
import { GrafanaContent } from "./grafana/content";
import type { Platform, PlatformSecrets } from "./platform";
import { DockerPlatform } from "./platform/docker";
import { KubernetesPlatform } from "./platform/kubernetes";
import { ServiceComponent } from "./serviceComponent";
import type { ServiceName, StackSettings } from "../settings";
import type { SecretValues } from "../settings/pulumi";
import { stackWarnings } from "./warnings";

export interface ObservabilityStackArgs {
  readonly settings: StackSettings;
  readonly secrets: SecretValues;
}

function createPlatform(
  settings: StackSettings,
  secrets: PlatformSecrets,
  parent: pulumi.ComponentResource,
): Platform {
  switch (settings.target) {
    case "docker":
      return new DockerPlatform("docker", { settings, secrets }, { parent });
    case "kubernetes":
      return new KubernetesPlatform("kubernetes", { settings, secrets }, { parent });
  }
}

/** The whole observability stack: one platform, the enabled services on it, and the stack outputs. */
export class ObservabilityStack extends pulumi.ComponentResource {
  readonly services: Partial<Record<ServiceName, ServiceComponent>> = {};
  readonly prometheusUrl: pulumi.Output<string>;
  readonly grafanaUrl: pulumi.Output<string>;
  readonly alertmanagerUrl: pulumi.Output<string>;
  /** Undefined when the logs profile is off. */
  readonly lokiUrl: pulumi.Output<string> | undefined;
  readonly grafanaAdminUser: pulumi.Output<string>;
  /** Always a secret output. */
  readonly grafanaAdminPassword: pulumi.Output<string>;
  /** Datasources, folder and dashboards, created through Grafana's API once Grafana is healthy. */
  readonly grafanaContent: GrafanaContent;
  /** Users' URL of each dashboard, by dashboard uid. */
  readonly dashboardUrls: Record<string, string>;

  constructor(name: string, args: ObservabilityStackArgs, opts?: pulumi.ComponentResourceOptions) {
    super("xai:observability:Stack", name, {}, opts);
    const { settings } = args;

    // No default password: use the configured secret, or generate one (RandomPassword results are secret).
    const adminPassword =
      args.secrets.grafanaAdminPassword ??
      new random.RandomPassword("grafana-admin-password", { length: 32, special: false }, { parent: this })
        .result;
    // Grafana's built-in secret_key is public, so never run with it: configured or generated, like the password.
    const secretKey =
      args.secrets.grafanaSecretKey ??
      new random.RandomPassword("grafana-secret-key", { length: 32, special: false }, { parent: this })
        .result;
    const platform = createPlatform(
      settings,
      { ...args.secrets, grafanaAdminPassword: adminPassword, grafanaSecretKey: secretKey },
      this,
    );

    // enabledServices lists every service after those it starts after (spec.startAfter).
    const readyResources: Partial<Record<ServiceName, pulumi.Resource>> = {};
    for (const service of enabledServices(settings)) {
      const component = new ServiceComponent(
        service,
        { service, settings, platform, readyResources },
        { parent: this },
      );
      this.services[service] = component;
      readyResources[service] = component.readyResource;
    }
    // The same warnings `render` prints: public ports, alert channels without credentials, ignored settings.
    for (const warning of stackWarnings(settings)) void pulumi.log.warn(warning, this);

    this.prometheusUrl = this.deployedUrl("prometheus");
    this.grafanaUrl = this.deployedUrl("grafana");
    this.alertmanagerUrl = this.deployedUrl("alertmanager");
    this.lokiUrl = settings.logs.enabled ? this.deployedUrl("loki") : undefined;
    this.grafanaAdminUser = pulumi.output(settings.grafana.adminUser);
    this.grafanaAdminPassword = pulumi.secret(adminPassword);

    const grafana = this.services.grafana;
    if (!grafana) throw new Error("grafana is not part of this stack");
    this.grafanaContent = new GrafanaContent(
      "grafana-content",
      {
        settings,
        // The platform's URL of the deployed Grafana, unless settings name one.
        apiUrl: pulumi.output(grafanaApiUrl(settings) ?? this.grafanaUrl),
        adminPassword,
        grafanaReady: grafana.readyResource,
        datasourceUrls: {
          prometheus: this.services.prometheus?.internalUrl,
          alertmanager: this.services.alertmanager?.internalUrl,
          loki: this.services.loki?.internalUrl,
        },
      },
      { parent: this },
    );
    this.dashboardUrls = this.grafanaContent.dashboardUrls;

    this.registerOutputs({
      prometheusUrl: this.prometheusUrl,
      grafanaUrl: this.grafanaUrl,
      alertmanagerUrl: this.alertmanagerUrl,
      lokiUrl: this.lokiUrl,
      grafanaAdminUser: this.grafanaAdminUser,
      grafanaAdminPassword: this.grafanaAdminPassword,
      dashboardUrls: this.dashboardUrls,
    });
  }

  /** The URL users open, as the platform deployed it: the published one, else the in-network one. */
  private deployedUrl(service: ServiceName): pulumi.Output<string> {
    const component = this.services[service];
    if (!component) throw new Error(`${service} is not part of this stack`);
    return pulumi
      .all([component.externalUrl, component.internalUrl])
      .apply(([external, internal]) => external ?? internal);
  }
}
