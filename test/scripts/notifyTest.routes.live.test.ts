import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import type { AlertmanagerConfig } from "../../components/alertmanager/model";
import { alertDefinitions } from "../../rules";
import { criticalRoutePages, parseNotificationCounters, testRoutes } from "../../scripts/notifyTest";
import { ALERTING_SECRETS, alertingSettings, TEST_EMAIL } from "../support/alertmanagerFixtures";
import { writeRendered, type RenderedAlertmanager } from "../support/alertmanagerFiles";
import { runTool } from "../../harness/binaries";

const written: RenderedAlertmanager[] = [];
afterAll(() => {
  for (const rendered of written) rendered.remove();
});

function rendered(secrets: Parameters<typeof alertingSettings>[1]): RenderedAlertmanager {
  const settings = alertingSettings({ email: TEST_EMAIL }, secrets);
  const files = writeRendered(settings, alertDefinitions(settings));
  written.push(files);
  return files;
}

const configOf = (files: RenderedAlertmanager): AlertmanagerConfig =>
  parse(files.rendered.files[0]?.content ?? "") as AlertmanagerConfig;

describe("notify-test's label sets for the rendered routing tree", () => {
  it("reach, per amtool, exactly the receiver of the route they test, one set per route", () => {
    const files = rendered(ALERTING_SECRETS);
    const routes = testRoutes(configOf(files), { cluster: "xai-dev", node: "notify-test-run" });
    expect(routes).toHaveLength((configOf(files).route.routes?.length ?? 0) + 1);
    for (const route of routes) {
      expect(route.labels.test).toBe("true");
      const labelArgs = Object.entries(route.labels).map(([name, value]) => `${name}=${value}`);
      const result = runTool("amtool", [
        "config",
        "routes",
        "test",
        `--config.file=${files.configFile}`,
        ...labelArgs,
      ]);
      expect({ route: route.route, routedTo: result.stdout.trim() }).toEqual({
        route: route.route,
        routedTo: route.receiver,
      });
    }
  });

  it("sees the pager on the critical route only when PagerDuty has its routing key", () => {
    expect(criticalRoutePages(configOf(rendered(ALERTING_SECRETS)))).toBe(true);
    const withoutPager = ALERTING_SECRETS.filter((key) => key !== "pagerdutyRoutingKey");
    expect(criticalRoutePages(configOf(rendered(withoutPager)))).toBe(false);
  });

  it("reads Alertmanager's counters per integration, summing failure reasons", () => {
    const counters = parseNotificationCounters(
      [
        'alertmanager_notifications_total{integration="slack"} 4',
        'alertmanager_notifications_failed_total{integration="slack",reason="serverError"} 1',
        'alertmanager_notifications_failed_total{integration="slack",reason="other"} 2',
        'alertmanager_notification_requests_total{integration="slack"} 9',
        'alertmanager_notification_requests_failed_total{integration="slack"} 5',
        "# HELP alertmanager_notifications_total The total number of attempted notifications.",
      ].join("\n"),
    );
    expect(counters.notifications.get("slack")).toBe(4);
    expect(counters.notificationsFailed.get("slack")).toBe(3);
    expect(counters.requests.get("slack")).toBe(9);
    expect(counters.requestsFailed.get("slack")).toBe(5);
  });
});
