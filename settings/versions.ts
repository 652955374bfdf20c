import { DEFAULT_IMAGES } from "./schema";

/**
 * A binary the tests run: the Prometheus tools from `.upstream/bin` (tools/upstream/install.sh), HAProxy
 * from Debian 12 (.ci/run installs it).
 */
export type TestedTool = "prometheus" | "alertmanager" | "node_exporter" | "haproxy";

export type ImageProof =
  | {
      /** The binary whose behaviour and config checks stand for the image. */
      readonly tool: TestedTool;
      /** The version the tests ran on (what `<tool> --version` prints). */
      readonly version: string;
      /** Why a different minor version than the image's is safe; required when the minors differ. */
      readonly minorGapIsSafe?: string;
    }
  | {
      /** No binary of this service can be had here: why, and how its config is checked instead. */
      readonly untested: string;
    };

/**
 * Each pinned image and what proves it. Prometheus, Alertmanager and node_exporter come from Debian's sid
 * suite, the newest builds the project's registries offer; the images run newer minors of the same majors.
 */
export const IMAGE_PROOFS: Readonly<Record<keyof typeof DEFAULT_IMAGES, ImageProof>> = {
  prometheus: {
    tool: "prometheus",
    version: "3.5.3",
    minorGapIsSafe:
      "3.5 is the Prometheus 3 long-term-support line. Every field the stack renders exists in both 3.5 and " +
      "3.14; the one divergence, retention in prometheus.yml (3.8+), is avoided by keeping the retention " +
      "flags, which 3.14 still honours (components/prometheus/spec.ts).",
  },
  alertmanager: {
    tool: "alertmanager",
    version: "0.33.1",
    minorGapIsSafe:
      "0.34 adds features and fixes (changelog of v0.34.0) but changes no config field the stack renders " +
      "(webhook url_file, PagerDuty details, Slack and email file secrets, cluster flags). Its one change to a " +
      "series the rules read, finer `reason` values on alertmanager_notifications_failed_total, does not " +
      "matter: AlertmanagerNotificationsFailing sums over `reason`.",
  },
  nodeExporter: {
    tool: "node_exporter",
    version: "1.11.1",
    minorGapIsSafe:
      "The stack passes node_exporter only collector and path flags that 1.11 and 1.12 share, and its rules " +
      "read metric families both versions expose (checked by the live node_exporter in the rehearsal).",
  },
  grafana: {
    untested:
      "no Grafana binary in the npm or Debian registries: dashboards are checked against the Foundation SDK " +
      "types and every query against a live Prometheus",
  },
  loki: { untested: "no Loki binary here: its config is checked structurally against Loki 3.7's fields" },
  promtail: {
    untested: "no Promtail binary here: its pipeline is run by the project's stage evaluator on real lines",
  },
  alloy: { untested: "no Alloy binary here: config.alloy is parsed and compared with the shared pipeline" },
  cadvisor: { untested: "no cAdvisor binary here: only its flags and scrape job are checked" },
  dockerSocketProxy: {
    tool: "haproxy",
    version: "2.6.12",
  },
};

interface Version {
  readonly major: number;
  readonly minor: number;
}

function parseVersion(text: string): Version | undefined {
  const match = /^v?(\d+)\.(\d+)\.\d+/.exec(text);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]) };
}

/**
 * What is wrong between the pinned images and the binaries that test them: a different major version, or
 * a different minor with no reason written down. Empty when every image is covered.
 */
export function versionGaps(
  images: Readonly<Record<string, string>>,
  proofs: Readonly<Record<string, ImageProof>>,
): string[] {
  const problems: string[] = [];
  for (const [service, image] of Object.entries(images)) {
    const proof = proofs[service];
    if (proof === undefined) {
      problems.push(`${service}: ${image} has no entry saying which binary tests it`);
      continue;
    }
    if ("untested" in proof) continue;
    const pinned = parseVersion(image.slice(image.lastIndexOf(":") + 1));
    const tested = parseVersion(proof.version);
    if (pinned === undefined || tested === undefined) {
      problems.push(`${service}: cannot compare ${image} with ${proof.tool} ${proof.version}`);
    } else if (pinned.major !== tested.major) {
      problems.push(
        `${service}: ${image} is a different major version than the tested ${proof.tool} ${proof.version}`,
      );
    } else if (pinned.minor !== tested.minor && proof.minorGapIsSafe === undefined) {
      problems.push(
        `${service}: ${image} and the tested ${proof.tool} ${proof.version} differ in minor version, and no reason says why that is safe`,
      );
    }
  }
  return problems;
}
