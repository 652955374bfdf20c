import type { ServiceSpec } from "../service";
import type { StackSettings } from "../../settings";
import { logShipperSpec } from "../promtail/shipperSpec";
import { SERVICE_PORTS } from "../endpoints";
import { renderAlloyConfig } from "./config";

export const ALLOY_CONFIG_DIR = "/etc/alloy";
export const ALLOY_CONFIG_PATH = `${ALLOY_CONFIG_DIR}/config.alloy`;
/** Alloy's storage path: component state, including the read positions of every file and container. */
export const ALLOY_DATA_DIR = "/var/lib/alloy/data";

export function alloySpec(settings: StackSettings): ServiceSpec {
  return logShipperSpec(settings, {
    name: "alloy",
    image: settings.images.alloy,
    args: [
      "run",
      ALLOY_CONFIG_PATH,
      `--storage.path=${ALLOY_DATA_DIR}`,
      // Alloy listens on loopback by default; Prometheus scrapes it over the private network.
      `--server.http.listen-addr=0.0.0.0:${SERVICE_PORTS.alloy}`,
      "--disable-reporting",
    ],
    readyPath: "/-/ready",
    config: { path: ALLOY_CONFIG_PATH, content: renderAlloyConfig(settings) },
    stateVolume: { name: "alloy-data", mountPath: ALLOY_DATA_DIR },
  });
}
