import * as pulumi from "@pulumi/pulumi";
import * as grafana from "@pulumiverse/grafana";
import { dashboardJson, dashboardUid } from "../../dashboards";
import type { StackSettings } from "../../settings";
import { GrafanaAdminPassword } from "./adminPassword";
import { datasourceDefinitions, type DatasourceService } from "./datasources";
import { stackDashboards } from "./files";
import { grafanaRootUrl } from "./server";

/** The folder every XAI dashboard lives in. */
export const XAI_FOLDER = { uid: "xai-blockchain", title: "XAI Blockchain" } as const;

export interface GrafanaContentArgs {
  readonly settings: StackSettings;
  /** Where the Pulumi engine reaches Grafana's API (the published URL on Docker). May be unknown in preview. */
  readonly apiUrl: pulumi.Input<string>;
  readonly adminPassword: pulumi.Input<string>;
  /** The Grafana service's last resource to become ready (its health check passed): nothing is sent before. */
  readonly grafanaReady: pulumi.Resource;
  /** How Grafana itself reaches each datasource's service, on the stack's private network. */
  readonly datasourceUrls: Readonly<Partial<Record<DatasourceService, pulumi.Input<string>>>>;
}

/** Users' URL of one dashboard: `<root URL>/d/<uid>`; Grafana adds the slug itself. */
export function dashboardUrl(settings: StackSettings, uid: string): string {
  return `${grafanaRootUrl(settings).replace(/\/$/, "")}/d/${uid}`;
}

/**
 * Everything users see in Grafana, created through its API: the datasources, the "XAI Blockchain" folder
 * and the XAI dashboards.
 *
 * Preview: on a first deployment the container (and so `apiUrl`) does not exist yet, so the URL is unknown.
 * The provider's configuration is then unknown too, and Pulumi plans these resources as creates without
 * contacting Grafana; `pulumi up` configures the provider once the URL is known and Grafana is healthy.
 * Nothing here calls `apply` on the URL, so an unknown value never reaches code that would fail on it.
 */
export class GrafanaContent extends pulumi.ComponentResource {
  /** Sets a changed admin password in Grafana (which ignores the file after its first start). */
  readonly adminPassword: GrafanaAdminPassword;
  readonly provider: grafana.Provider;
  readonly datasources: Partial<Record<DatasourceService, grafana.oss.DataSource>> = {};
  readonly folder: grafana.oss.Folder;
  readonly dashboards: Record<string, grafana.oss.Dashboard> = {};
  /** Users' URL of each dashboard, by uid. */
  readonly dashboardUrls: Record<string, string> = {};

  constructor(name: string, args: GrafanaContentArgs, opts?: pulumi.ComponentResourceOptions) {
    super("xai:observability:GrafanaContent", name, {}, opts);
    const { settings } = args;

    this.adminPassword = new GrafanaAdminPassword(
      `${name}-admin-password`,
      { url: args.apiUrl, user: settings.grafana.adminUser, password: args.adminPassword },
      { parent: this, dependsOn: [args.grafanaReady] },
    );
    // The provider logs in with the password the rotation step reports as set, so it is configured only
    // after Grafana accepts it.
    this.provider = new grafana.Provider(
      `${name}-provider`,
      {
        url: args.apiUrl,
        auth: pulumi.secret(pulumi.interpolate`${settings.grafana.adminUser}:${this.adminPassword.password}`),
        // Grafana may still be migrating its database for a moment after the first health check.
        retries: 10,
        retryWait: 3,
      },
      { parent: this, dependsOn: [args.grafanaReady, this.adminPassword] },
    );
    // Every object also waits on Grafana directly, so the order holds even when the provider is unchanged.
    const resourceOptions: pulumi.CustomResourceOptions = {
      parent: this,
      provider: this.provider,
      dependsOn: [args.grafanaReady],
    };

    for (const definition of datasourceDefinitions(settings)) {
      const url = args.datasourceUrls[definition.service];
      if (url === undefined) {
        throw new Error(`GrafanaContent: no URL given for the ${definition.service} datasource`);
      }
      this.datasources[definition.service] = new grafana.oss.DataSource(
        `${name}-${definition.uid}`,
        {
          uid: definition.uid,
          name: definition.name,
          type: definition.type,
          url,
          accessMode: "proxy",
          isDefault: definition.isDefault,
          jsonDataEncoded: JSON.stringify(definition.jsonData),
        },
        resourceOptions,
      );
    }

    this.folder = new grafana.oss.Folder(`${name}-folder`, XAI_FOLDER, resourceOptions);

    // Dashboards name the datasource by uid, so they wait for the datasources as well as the folder.
    const datasourceResources = Object.values(this.datasources);
    for (const model of stackDashboards(settings)) {
      const uid = dashboardUid(model);
      this.dashboards[uid] = new grafana.oss.Dashboard(
        `${name}-${uid}`,
        {
          configJson: dashboardJson(model),
          folder: this.folder.uid,
          overwrite: true,
          message: "Managed by Pulumi (xai-observability)",
        },
        { ...resourceOptions, dependsOn: [args.grafanaReady, ...datasourceResources] },
      );
      this.dashboardUrls[uid] = dashboardUrl(settings, uid);
    }

    this.registerOutputs({ folderUid: this.folder.uid, dashboardUrls: this.dashboardUrls });
  }
}
