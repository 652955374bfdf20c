import { z } from "zod";

/** The logs profile: Loki plus one log shipper. */
export const logsSettings = z
  .strictObject({
    enabled: z.boolean().default(true),
    shipper: z.enum(["promtail", "alloy"], { error: "expected promtail or alloy" }).default("promtail"),
  })
  .default({ enabled: true, shipper: "promtail" });

export type LogsSettings = z.infer<typeof logsSettings>;
