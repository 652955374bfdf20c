import { describe, expect, it } from "vitest";
import { renderGrafanaFiles } from "../../../components/grafana/files";
import { DASHBOARD_UIDS } from "../../../dashboards";
import { testSettings } from "../../../harness/settings";

describe("renderGrafanaFiles", () => {
  const files = new Map(
    renderGrafanaFiles(testSettings({})).map((file) => [file.relativePath, file.content]),
  );

  it("writes one JSON file per dashboard, named by its uid, and the datasources", () => {
    expect([...files.keys()].sort()).toEqual(
      [...Object.values(DASHBOARD_UIDS).map((uid) => `dashboards/${uid}.json`), "datasources.json"].sort(),
    );
    for (const uid of Object.values(DASHBOARD_UIDS)) {
      const model = JSON.parse(files.get(`dashboards/${uid}.json`) ?? "{}") as {
        uid?: string;
        panels?: unknown[];
      };
      expect(model.uid).toBe(uid);
      expect(model.panels?.length).toBeGreaterThanOrEqual(7);
    }
  });

  it("cuts per-node panels at grafana.topNodes nodes", () => {
    const nodeHealthWith = (settings: Parameters<typeof testSettings>[0]): string =>
      renderGrafanaFiles(testSettings(settings)).find(
        (file) => file.relativePath === `dashboards/${DASHBOARD_UIDS.nodeHealth}.json`,
      )?.content ?? "";
    expect(nodeHealthWith({})).toContain("topk(10, ");
    expect(nodeHealthWith({ grafana: { topNodes: 4 } })).toContain("topk(4, ");
    expect(nodeHealthWith({ grafana: { topNodes: 4 } })).not.toContain("topk(10, ");
  });

  it("lists the datasources with their URLs, proxied through Grafana, and nothing secret", () => {
    const datasources = JSON.parse(files.get("datasources.json") ?? "[]") as Record<string, unknown>[];
    expect(datasources.map((ds) => [ds.uid, ds.url, ds.access, ds.isDefault])).toEqual([
      ["xai-prometheus", "http://prometheus:9090", "proxy", true],
      ["xai-alertmanager", "http://alertmanager:9093", "proxy", false],
      ["xai-loki", "http://loki:3100", "proxy", false],
    ]);
    expect(files.get("datasources.json")).not.toMatch(/secureJsonData|password|basicAuth/i);
  });

  it("leaves Loki out when the logs profile is off", () => {
    const withoutLogs = renderGrafanaFiles(testSettings({ logs: { enabled: false } }));
    const datasources = JSON.parse(
      withoutLogs.find((file) => file.relativePath === "datasources.json")?.content ?? "[]",
    ) as { uid: string }[];
    expect(datasources.map((ds) => ds.uid)).toEqual(["xai-prometheus", "xai-alertmanager"]);
  });
});
