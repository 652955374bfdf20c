import type { StackSettings } from "../../settings";
import { SERVICE_CHANNELS, type RouteTiming } from "../../settings/alerting";
import { equals, oneOf, type Route } from "./model";
import { DEFAULT_RECEIVER, type ReceiverRoute } from "./receivers";

/** One broken node gives one notification per alert name, not one per series. */
// `network` keeps network-level alerts (no node label) of different networks in separate notifications.
export const GROUP_BY = ["alertname", "node", "network", "cluster"] as const;

export const WATCHDOG_ALERT = "Watchdog";

function timing(value: RouteTiming): Pick<Route, "group_wait" | "group_interval" | "repeat_interval"> {
  return {
    group_wait: value.groupWait,
    group_interval: value.groupInterval,
    repeat_interval: value.repeatInterval,
  };
}

/**
 * The routing tree. Order matters: the first matching child wins (no `continue`), so the Watchdog never
 * reaches a human channel, criticals page instead of going to team channels, and info alerts only ever
 * reach the digest.
 */
export function buildRouteTree(
  settings: StackSettings,
  receiverFor: Readonly<Record<ReceiverRoute, string>>,
): Route {
  const timings = settings.alerting.timings;
  const serviceRoutes: Route[] = SERVICE_CHANNELS.filter(
    (channel) => settings.alerting.serviceRoutes[channel].length > 0,
  ).map((channel) => ({
    receiver: receiverFor[channel],
    matchers: [oneOf("service", settings.alerting.serviceRoutes[channel])],
  }));
  return {
    receiver: DEFAULT_RECEIVER,
    group_by: [...GROUP_BY],
    ...timing(timings.default),
    routes: [
      {
        receiver: receiverFor.watchdog,
        matchers: [equals("alertname", WATCHDOG_ALERT)],
        ...timing(timings.watchdog),
      },
      {
        receiver: receiverFor.critical,
        matchers: [equals("severity", "critical")],
        ...timing(timings.critical),
      },
      {
        receiver: receiverFor.digest,
        matchers: [equals("severity", "info")],
        // One digest per cluster listing every info alert.
        group_by: ["cluster"],
        ...timing(timings.digest),
      },
      ...serviceRoutes,
    ],
  };
}
