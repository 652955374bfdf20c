import { z } from "zod";
import { name } from "./fields";

/** Settings used only when target is kubernetes. */
export const kubernetesSettings = z
  .strictObject({
    namespace: name.default("xai-observability"),
  })
  .default({ namespace: "xai-observability" });

export type KubernetesSettings = z.infer<typeof kubernetesSettings>;
