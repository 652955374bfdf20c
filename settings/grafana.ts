import { z } from "zod";
import { httpUrl, positiveDuration } from "./fields";

/** Grafana feature toggle names are camelCase identifiers, e.g. provisioning or kubernetesDashboards. */
const featureToggle = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9]*$/, { error: "expected a feature toggle name such as kubernetesDashboards" });

/** A catalog plugin id, optionally pinned: grafana-clock-panel or grafana-clock-panel@2.1.8. */
const pluginId = z.string().regex(/^[a-z0-9][a-z0-9-]*[a-z0-9](@\d+\.\d+\.\d+)?$/, {
  error: "expected a plugin id such as grafana-clock-panel, optionally pinned as grafana-clock-panel@2.1.8",
});

/** How many nodes a per-node panel draws when more are selected (the worst ones); see docs/GRAFANA.md. */
export const DEFAULT_TOP_NODES = 10;

/** Grafana server settings. The admin password is a secret (see secrets.ts), never a field here. */
export const grafanaSettings = z
  .strictObject({
    /** Admin login name. The password is the `grafanaAdminPassword` secret; changing it rotates it through Grafana's API. */
    adminUser: z
      .string()
      .regex(/^[A-Za-z0-9._@-]+$/, {
        error: "expected a user name of letters, digits and . _ @ -, such as admin",
      })
      .default("admin"),
    /** The URL users open; defaults to the Kubernetes Ingress or the published port. https turns on secure cookies and HSTS. */
    rootUrl: httpUrl.optional(),
    /** Grafana feature toggles to enable, by name. */
    featureToggles: z.array(featureToggle).default([]),
    /** Installed at start-up; nothing else is preinstalled. */
    plugins: z.array(pluginId).default([]),
    /** Grafana's own alert rule evaluation. Off: Prometheus and Alertmanager do the alerting. */
    alertingEnabled: z.boolean().default(false),
    /** Per-node panels show only this many nodes, the worst ones, when more are selected. */
    topNodes: z
      .number({ error: "expected a whole number of nodes from 1 to 100, such as 10" })
      .int({ error: "expected a whole number of nodes from 1 to 100, such as 10" })
      .min(1, { error: "expected a whole number of nodes from 1 to 100, such as 10" })
      .max(100, { error: "expected a whole number of nodes from 1 to 100, such as 10" })
      .default(DEFAULT_TOP_NODES),
    /** Longest a Prometheus or Loki query from Grafana may run. */
    queryTimeout: positiveDuration.default("60s"),
  })
  .prefault({});

export type GrafanaSettings = z.infer<typeof grafanaSettings>;
