import { z } from "zod";

/** Alert routing and receiver settings. Credentials are never here: they are secrets (see secrets.ts). */
export const alertingSettings = z.strictObject({}).default({});

export type AlertingSettings = z.infer<typeof alertingSettings>;
