import type { AlertCase, AlertGroupSettings, AlertSpec, InputSeries } from "../types";
import {
  NODE_1,
  NODE_2,
  NODE_3,
  QUIET,
  firesWith,
  nodeLabels,
  xaiSeries,
  xaiSeriesCases,
  type NodeRef,
} from "../cases";
import { aggregate, gauge, increase, maxByNode, selector, sumByNode } from "../promql";
import type { Thresholds } from "../../settings/thresholds";
import { NODE_LABELS } from "../types";

/** xai_node_info as the scrape stores it: the exposed `network` label clashes with the target label. */
function nodeInfo(node: NodeRef, version: string): InputSeries {
  return xaiSeries(
    "xai_node_info",
    "1x60",
    { version, node_id: node.node, exported_network: node.network },
    node,
  );
}

const info = (matchers = {}): string => gauge("xai_node_info", matchers);
const byVersion = [...NODE_LABELS, "version"];

/** Nodes whose version is not the most common one on their network (ties count as common). */
function notFleetMajority(): string {
  const perVersion = aggregate("count", info(), ["network", "version"]);
  const mostCommon = `${perVersion} == on (network) group_left () ${aggregate("max", perVersion, ["network"])}`;
  return `${aggregate("max", info(), byVersion)} unless on (network, version) (${mostCommon})`;
}

function upgradeAlert(settings: AlertGroupSettings): AlertSpec {
  const expected = settings.expectedVersion;
  const shared = {
    name: "NodeUpgradeRequired",
    for: "30m",
    severity: "info",
    service: "blockchain",
    value: "count",
    summary: (v) => `Node ${v.node} runs version ${v.label("version")}`,
  } as const satisfies Partial<AlertSpec>;
  const runs = (version: string): Record<string, string> => ({ ...nodeLabels(), version });
  if (expected !== undefined) {
    const other = `${expected}-old`;
    const cases: AlertCase[] = [
      {
        title: "another version fires",
        input: [nodeInfo(NODE_1, other)],
        at: "40m",
        fires: firesWith("1", runs(other)),
      },
      {
        title: "the expected version stays quiet",
        input: [nodeInfo(NODE_1, expected)],
        at: "40m",
        fires: QUIET,
      },
    ];
    return {
      ...shared,
      expr: aggregate("max", info({ version: { not: expected } }), byVersion),
      description: (v) =>
        `Node ${v.node} (${v.network}) has run version ${v.label("version")} for 30 minutes; this stack expects ${expected}.`,
      cases,
    };
  }
  return {
    ...shared,
    expr: notFleetMajority(),
    description: (v) =>
      `Node ${v.node} (${v.network}) has run version ${v.label("version")} for 30 minutes while most nodes on ${v.network} run another version.`,
    cases: [
      {
        title: "the one node of three on an older version fires",
        input: [nodeInfo(NODE_1, "1.1.0"), nodeInfo(NODE_2, "1.2.0"), nodeInfo(NODE_3, "1.2.0")],
        at: "40m",
        fires: firesWith("1", runs("1.1.0")),
      },
      {
        title: "a fleet on one version stays quiet",
        input: [nodeInfo(NODE_1, "1.2.0"), nodeInfo(NODE_2, "1.2.0"), nodeInfo(NODE_3, "1.2.0")],
        at: "40m",
        fires: QUIET,
      },
      {
        title: "a version split in half has no majority and stays quiet",
        input: [nodeInfo(NODE_1, "1.1.0"), nodeInfo(NODE_2, "1.2.0")],
        at: "40m",
        fires: QUIET,
      },
    ],
  };
}

export function otherAlerts(settings: AlertGroupSettings, T: Thresholds): readonly AlertSpec[] {
  const uptime = selector("xai_process_uptime_seconds");
  return [
    {
      name: "HighOrphanedBlocks",
      expr: `${sumByNode(increase("xai_orphaned_blocks_total", "1h"))} > ${T.orphanedBlocksPerHour}`,
      for: "0s",
      severity: "warning",
      service: "blockchain",
      value: "count",
      summary: (v) => `${v.value} orphaned blocks on ${v.node} in an hour`,
      description: (v) =>
        `Node ${v.node} (${v.network}) orphaned ${v.value} blocks in the last hour, more than ${T.orphanedBlocksPerHour}.`,
      cases: xaiSeriesCases("xai_orphaned_blocks_total", [
        { title: "6 orphans in the hour fires", values: "0x20 6x60", at: "70m", fires: firesWith("6") },
        { title: "5 orphans in the hour stays quiet", values: "0x20 5x60", at: "70m", fires: QUIET },
      ]),
    },
    {
      name: "NodeProcessCrash",
      expr: `${maxByNode(uptime)} < ${maxByNode(`max_over_time(${uptime}[15m])`)}`,
      for: "0s",
      severity: "critical",
      service: "system",
      value: "seconds",
      summary: (v) => `Node process on ${v.node} restarted (up ${v.value})`,
      description: (v) =>
        `The uptime of node ${v.node} (${v.network}) went back down to ${v.value} within the last 15 minutes: the process restarted. The alert resolves 15 minutes after the restart.`,
      cases: xaiSeriesCases("xai_process_uptime_seconds", [
        {
          title: "a restart 2 minutes ago fires",
          values: "0+60x20 0+60x20",
          at: "23m",
          fires: firesWith("2m 0s"),
        },
        { title: "a steadily growing uptime stays quiet", values: "0+60x40", at: "23m", fires: QUIET },
        {
          title: "a restart 16 minutes ago has resolved",
          values: "0+60x20 0+60x20",
          at: "37m",
          fires: QUIET,
        },
      ]),
    },
    upgradeAlert(settings),
  ];
}
