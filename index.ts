/**
 * XAI observability stack. Settings come from Pulumi.<stack>.yaml (see README); everything else lives
 * in components/.
 */
import { loadStackSettings } from "./settings/pulumi";
import { ObservabilityStack } from "./components/stack";

const { settings, secrets } = loadStackSettings();
const stack = new ObservabilityStack("xai-observability", { settings, secrets });

export const prometheusUrl = stack.prometheusUrl;
export const grafanaUrl = stack.grafanaUrl;
export const alertmanagerUrl = stack.alertmanagerUrl;
export const lokiUrl = stack.lokiUrl;
export const grafanaAdminUser = stack.grafanaAdminUser;
export const grafanaAdminPassword = stack.grafanaAdminPassword;
export const dashboardUrls = stack.dashboardUrls;
