import { DATASOURCE_UIDS, type DatasourceService } from "../../dashboards/datasources";
import { durationSeconds, type StackSettings } from "../../settings";

export type { DatasourceService };

/** One Grafana datasource, without its URL: the caller supplies the service's reachable address. */
export interface DatasourceDefinition {
  readonly service: DatasourceService;
  readonly uid: string;
  readonly name: string;
  readonly type: "prometheus" | "alertmanager" | "loki";
  readonly isDefault: boolean;
  readonly jsonData: Readonly<Record<string, unknown>>;
}

/** Loki query that finds every node's log lines carrying the clicked value in `field`. */
function logsWith(field: string): string {
  return `{node=~".+"} | json | ${field} = \`\${__value.raw}\``;
}

/**
 * The datasources this stack provisions. Loki is present only when the logs profile is enabled.
 * Derived fields link the ids the XAI node writes into its JSON lines (`peer` on p2p events, `block_height`
 * on mining events) to every other line about the same peer or block; the format carries no trace ids.
 */
export function datasourceDefinitions(settings: StackSettings): DatasourceDefinition[] {
  const queryTimeoutSeconds = durationSeconds(settings.grafana.queryTimeout);
  const definitions: DatasourceDefinition[] = [
    {
      service: "prometheus",
      uid: DATASOURCE_UIDS.prometheus,
      name: "Prometheus",
      type: "prometheus",
      isDefault: true,
      jsonData: {
        httpMethod: "POST",
        timeInterval: settings.scrapeInterval,
        queryTimeout: settings.grafana.queryTimeout,
        // Grafana's HTTP client would otherwise give up after its 30s default, before Prometheus does.
        timeout: queryTimeoutSeconds,
        alertmanagerUid: DATASOURCE_UIDS.alertmanager,
        prometheusType: "Prometheus",
        // Lets Grafana's alert list show the Prometheus rules; Grafana does not evaluate them.
        manageAlerts: true,
      },
    },
    {
      service: "alertmanager",
      uid: DATASOURCE_UIDS.alertmanager,
      name: "Alertmanager",
      type: "alertmanager",
      isDefault: false,
      jsonData: { implementation: "prometheus", handleGrafanaManagedAlerts: false },
    },
  ];
  if (settings.logs.enabled) {
    definitions.push({
      service: "loki",
      uid: DATASOURCE_UIDS.loki,
      name: "Loki",
      type: "loki",
      isDefault: false,
      jsonData: {
        maxLines: 1000,
        timeout: queryTimeoutSeconds,
        derivedFields: [
          {
            name: "peer",
            matcherRegex: String.raw`"peer"\s*:\s*"([^"]+)"`,
            url: logsWith("peer"),
            datasourceUid: DATASOURCE_UIDS.loki,
            urlDisplayLabel: "Logs about this peer",
          },
          {
            name: "block_height",
            matcherRegex: String.raw`"block_height"\s*:\s*(\d+)`,
            url: logsWith("block_height"),
            datasourceUid: DATASOURCE_UIDS.loki,
            urlDisplayLabel: "Logs about this block",
          },
        ],
      },
    });
  }
  return definitions;
}
