import { describe, expect, it } from "vitest";
import { monitoringAlerts } from "../../../rules/groups/monitoring";
import { WATCHDOG_INTEGRATION } from "../../../settings/names";
import { alertOf, alertsOf, routingOf } from "../../support/alertGroups";

describe("monitoringAlerts", () => {
  it("keeps the Watchdog firing always, and it alone", () => {
    const watchdog = alertOf(monitoringAlerts, "Watchdog");
    expect([watchdog.expr, watchdog.for, watchdog.severity]).toEqual(["vector(1)", "0s", "info"]);
    const alwaysFiring = [...alertsOf(monitoringAlerts).values()].filter((spec) => spec.alwaysFires === true);
    expect(alwaysFiring.map((spec) => spec.name)).toEqual(["Watchdog"]);
  });

  it("leaves the Watchdog's own failed pings to the dead-man's switch", () => {
    const failing = alertOf(monitoringAlerts, "AlertmanagerNotificationsFailing");
    expect(failing.expr.match(new RegExp(`integration!="${WATCHDOG_INTEGRATION}"`, "g"))).toHaveLength(2);
  });

  it("watches config reloads of both Prometheus and Alertmanager the same way", () => {
    expect(alertOf(monitoringAlerts, "PrometheusConfigReloadFailed").expr).toBe(
      'prometheus_config_last_reload_successful{job="prometheus"} == 0',
    );
    expect(alertOf(monitoringAlerts, "AlertmanagerConfigReloadFailed").expr).toBe(
      'alertmanager_config_last_reload_successful{job="alertmanager"} == 0',
    );
  });

  it("pages when alerts cannot be evaluated or delivered", () => {
    const pages = routingOf(monitoringAlerts)["critical/monitoring"];
    expect(pages).toEqual(["PrometheusRuleEvaluationFailures", "AlertmanagerNotificationsFailing"]);
  });
});
