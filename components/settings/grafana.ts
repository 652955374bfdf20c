import { z } from "zod";

/** Grafana server settings. The admin password is a secret (see secrets.ts), never a field here. */
export const grafanaSettings = z
  .strictObject({
    adminUser: z.string().min(1, { error: "expected a non-empty user name" }).default("admin"),
  })
  .default({ adminUser: "admin" });

export type GrafanaSettings = z.infer<typeof grafanaSettings>;
