import { beforeAll, describe, expect, it } from "vitest";
import { DATASOURCE_UIDS } from "../../../dashboards/datasources";
import { buildDashboards } from "../../../dashboards";
import { deployMocked, type RegisteredResource } from "../../../harness/pulumiMocks";

describe("Grafana content without the logs profile (Pulumi mocks)", () => {
  let resources: RegisteredResource[];

  beforeAll(async () => {
    ({ resources } = await deployMocked("dev", { target: "docker", logs: { enabled: false } }));
  });

  it("provisions Prometheus and Alertmanager but no Loki datasource", () => {
    const datasources = resources.filter((resource) => resource.type === "grafana:oss/dataSource:DataSource");
    expect(datasources.map((resource) => resource.inputs.uid)).toEqual([
      DATASOURCE_UIDS.prometheus,
      DATASOURCE_UIDS.alertmanager,
    ]);
  });

  it("still creates the folder and every dashboard", () => {
    expect(resources.filter((resource) => resource.type === "grafana:oss/folder:Folder")).toHaveLength(1);
    expect(resources.filter((resource) => resource.type === "grafana:oss/dashboard:Dashboard")).toHaveLength(
      buildDashboards().length,
    );
  });
});
