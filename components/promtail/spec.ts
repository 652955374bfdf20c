import type { ServiceSpec } from "../service";
import type { StackSettings } from "../../settings";
import {
  PROMTAIL_CONFIG_DIR,
  PROMTAIL_CONFIG_PATH,
  PROMTAIL_POSITIONS_DIR,
  renderPromtailConfig,
} from "./config";
import { logShipperSpec } from "./shipperSpec";

export { PROMTAIL_CONFIG_DIR };

export function promtailSpec(settings: StackSettings): ServiceSpec {
  return logShipperSpec(settings, {
    name: "promtail",
    image: settings.images.promtail,
    args: [`-config.file=${PROMTAIL_CONFIG_PATH}`],
    readyPath: "/ready",
    config: { path: PROMTAIL_CONFIG_PATH, content: renderPromtailConfig(settings) },
    stateVolume: { name: "promtail-positions", mountPath: PROMTAIL_POSITIONS_DIR },
  });
}
