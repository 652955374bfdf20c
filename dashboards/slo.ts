import * as common from "@grafana/grafana-foundation-sdk/common";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { BURN_ALERTS, SLI_WINDOWS, SLO_DEFINITIONS, SLO_RECORDED, type SliWindow } from "../rules/slos";
import { DASHBOARD_UIDS, type DashboardModel, finish, xaiDashboard } from "./common";
import { stat, timeseries } from "./panels";
import { query, recorded } from "./queries";

export const SLO_DASHBOARD_TITLE = "SLOs";

/** Every burn-rate pair, fastest first: the windows and the thresholds the burn alerts use. */
const PAIRS = [...BURN_ALERTS.page.pairs, ...BURN_ALERTS.ticket.pairs];
const ALERT_WINDOWS: readonly SliWindow[] = SLI_WINDOWS;

/** Green below the slowest burn rate, orange from the ticket rates, red from the page rates. */
function burnThresholds(): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder()
    .mode(dashboard.ThresholdsMode.Absolute)
    .steps(
      [
        { value: null, color: "green" },
        ...BURN_ALERTS.ticket.pairs.map((pair) => ({ value: pair.burnRate, color: "orange" })),
        ...BURN_ALERTS.page.pairs.map((pair) => ({ value: pair.burnRate, color: "red" })),
      ].sort((a, b) => (a.value ?? -Infinity) - (b.value ?? -Infinity)),
    );
}

/** Objectives are recording rules (from the `slos` settings), so the dashboard needs no settings. */
function sloMatch(label: string): string {
  return `slo="${label}"`;
}

/**
 * Per SLO: its objective, the SLI now, the error budget left over the SLO window and the burn rate on
 * every alert window, with the burn alerts' rates drawn as threshold lines.
 */
export function sloDashboard(): DashboardModel {
  let builder = xaiDashboard(
    SLO_DASHBOARD_TITLE,
    DASHBOARD_UIDS.slo,
    "Service level objectives of the selected XAI nodes: objective, SLI, error budget left and burn rates.",
  );
  for (const definition of SLO_DEFINITIONS) {
    const only = sloMatch(definition.label);
    const objective = `${SLO_RECORDED.objective}{${only}}`;
    const budget = `(1 - ${objective})`;
    builder = builder
      .withPanel(
        stat(`${definition.title}: objective`, "percentunit")
          .description(`${definition.sli} Set by slos.${definition.name}.objective.`)
          .decimals(2)
          .withTarget(query(`max(${objective})`, "objective")),
      )
      .withPanel(
        stat(`${definition.title}: SLI (1h)`, "percentunit")
          .description("Share of good events over the last hour, per node.")
          .decimals(3)
          .withTarget(query(`1 - ${recorded(SLO_RECORDED.errorRatio["1h"], only)}`, "{{node}}")),
      )
      .withPanel(
        stat(`${definition.title}: error budget left`, "percentunit")
          .description(
            "Share of the SLO window's error budget not yet spent, per node; below 0 the SLO is missed.",
          )
          .decimals(1)
          .thresholds(
            new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps([
              { value: null, color: "red" },
              { value: 0.25, color: "orange" },
              { value: 0.5, color: "green" },
            ]),
          )
          .withTarget(
            query(
              `1 - ${recorded(SLO_RECORDED.windowErrorRatio, only)} / on (slo) group_left () ${budget}`,
              "{{node}}",
            ),
          ),
      )
      .withPanel(
        timeseries(`${definition.title}: burn rate (worst node)`, "suffix:x")
          .span(6)
          .height(6)
          .description(
            `Error ratio over each alert window divided by the error budget (1x spends it in exactly the SLO window). Lines: ${PAIRS.map((pair) => `${String(pair.burnRate)}x (${pair.long} & ${pair.short})`).join(", ")}.`,
          )
          .min(0)
          .thresholds(burnThresholds())
          .thresholdsStyle(
            new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed),
          )
          .targets(
            ALERT_WINDOWS.map((window) =>
              query(
                `max by (slo) (${recorded(SLO_RECORDED.errorRatio[window], only)} / on (slo) group_left () ${budget})`,
                window,
              ),
            ),
          ),
      );
  }
  return finish(builder);
}
