/** Fixed datasource uids, so dashboards, links and the Prometheus-to-Alertmanager link stay stable. */
export const DATASOURCE_UIDS = {
  prometheus: "xai-prometheus",
  alertmanager: "xai-alertmanager",
  loki: "xai-loki",
} as const;

export type DatasourceService = keyof typeof DATASOURCE_UIDS;
