import type { AlertGroupSettings, AlertSpec } from "../types";
import {
  NODE_1,
  NODE_2,
  QUIET,
  exporterSeries,
  firesWith,
  thresholdCases,
  xaiHistogram,
  xaiSeries,
  xaiSeriesCases,
  xaiTargetLabels,
  xaiUp,
  type NodeRef,
} from "../cases";
import { gauge, increase, maxByNode, selector, sumByNode, whileNodeUp } from "../promql";
import { LATENCY, RECORDED } from "../recordingNames";
import {
  heightLagBlocks,
  noBlockFor,
  noBlockWindow,
  promDuration,
  type Thresholds,
} from "../../settings/thresholds";
import { REFERENCE_HEIGHT_METRIC, XAI_JOB } from "../../metrics";

/** Blocks whose absence the "no block" alerts speak about; they need this much history before firing. */
function heldFor(series: string, window: NoBlockWindow): string {
  // Data at the far end of the window: a node or Prometheus that started later cannot know W passed.
  // The lookback spans a block time too, so it always holds a sample when the series is sampled that often.
  return `present_over_time(${series}[${window.lookback}] offset ${window.range})`;
}

/** The "no block" window and the lookback that finds a sample at its far end. */
interface NoBlockWindow {
  readonly range: string;
  readonly lookback: string;
}

/** Each network's best height, where it has not moved for the window (one series per network). */
function networkStalled(window: NoBlockWindow): string {
  const best = selector(RECORDED.fleetBestHeight);
  return `${best} and on (network) changes(${best}[${window.range}]) == 0 and on (network) ${heldFor(best, window)}`;
}

function heights(node: NodeRef, values: string) {
  return [xaiSeries("xai_block_height", values, {}, node), xaiUp("1x60", node)];
}

export function blockchainAlerts(_settings: AlertGroupSettings, T: Thresholds): readonly AlertSpec[] {
  const blockSeconds = Math.ceil(T.blockTimeSeconds);
  const windowRange = noBlockWindow(T);
  const window: NoBlockWindow = { range: windowRange, lookback: promDuration(Math.max(60, blockSeconds)) };
  // The "no block" cases sample once per expected block time: their window is 5 steps, their for: 1.
  const blockStep = noBlockFor(T);
  const atBlock = (steps: number): string => promDuration(steps * blockSeconds);
  return [
    {
      name: "NodeDown",
      expr: `${selector("up", { job: XAI_JOB })} == 0`,
      for: "1m",
      severity: "critical",
      service: "blockchain",
      inhibits: "all-on-node",
      value: "count",
      summary: (v) => `XAI node ${v.node} (${v.network}) is down`,
      description: (v) =>
        `Prometheus has failed to scrape ${v.label("instance")} of node ${v.node} for over 1 minute (up = ${v.value}).`,
      cases: xaiSeriesCases("up", [
        {
          title: "target down for 3 minutes fires",
          values: "1 1 0x10",
          at: "5m",
          fires: firesWith("0", { ...xaiTargetLabels() }),
        },
        {
          title: "one failed scrape (shorter than for:) stays quiet",
          values: "1x5 0 1x5",
          at: "6m",
          fires: QUIET,
        },
      ]),
    },
    {
      name: "LowBlockProductionRate",
      // A network-wide stall is NetworkBlockProductionStalled's, once per network.
      expr: `${whileNodeUp(
        `${sumByNode(increase("xai_blocks_total", windowRange))} == 0 and on (node, network) ${heldFor(selector("xai_blocks_total"), window)}`,
      )} unless on (network) (${networkStalled(window)})`,
      for: blockStep,
      severity: "warning",
      service: "blockchain",
      value: "count",
      summary: (v) => `No new block on ${v.node} for ${windowRange}`,
      description: (v) =>
        `Node ${v.node} (${v.network}) added ${v.value} blocks in the last ${windowRange}; block production has stalled.`,
      cases: [
        {
          title: "last block 8 block times ago fires",
          interval: blockStep,
          input: [xaiSeries("xai_blocks_total", "100x3 101x30"), xaiUp("1x34")],
          at: atBlock(12),
          fires: firesWith("0"),
        },
        {
          title: "last block 3 block times ago stays quiet",
          interval: blockStep,
          input: [xaiSeries("xai_blocks_total", "100x7 101x30"), xaiUp("1x38")],
          at: atBlock(11),
          fires: QUIET,
        },
        {
          title: "node down stays quiet (NodeDown covers it)",
          interval: blockStep,
          input: [xaiSeries("xai_blocks_total", "100x30"), xaiUp("0x30")],
          at: atBlock(12),
          fires: QUIET,
        },
      ],
    },
    {
      name: "HighBlockValidationTime",
      expr: `${LATENCY.blockValidationTime.p95} > ${T.blockValidationP95Seconds}`,
      for: "5m",
      severity: "warning",
      service: "blockchain",
      value: "seconds",
      summary: (v) => `Slow block validation on ${v.node}: p95 ${v.value}`,
      description: (v) =>
        `The 95th percentile block validation time on node ${v.node} is ${v.value}, above ${T.blockValidationP95Seconds}s.`,
      cases: [
        {
          title: "p95 of 2.14s fires",
          input: xaiHistogram("xai_block_validation_time_seconds", [
            [0.5, 93],
            [5, 7],
          ]),
          at: "20m",
          fires: firesWith("2.143s"),
        },
        {
          title: "p95 of 1.67s stays quiet",
          input: xaiHistogram("xai_block_validation_time_seconds", [
            [0.5, 94],
            [5, 6],
          ]),
          at: "20m",
          fires: QUIET,
        },
      ],
    },
    {
      name: "LongMiningTime",
      expr: `${LATENCY.blockMiningTime.p95} > ${T.miningP95Seconds}`,
      for: "15m",
      severity: "warning",
      service: "mining",
      value: "seconds",
      summary: (v) => `Blocks take long to mine on ${v.node}: p95 ${v.value}`,
      description: (v) =>
        `The 95th percentile block mining time on node ${v.node} over 30 minutes is ${v.value}, above 10 minutes.`,
      cases: [
        {
          title: "p95 of 15m 42s fires",
          input: xaiHistogram("xai_block_mining_time_seconds", [
            [600, 93],
            [1800, 7],
          ]),
          at: "50m",
          fires: firesWith("15m 42s"),
        },
        {
          title: "p95 just under 10 minutes stays quiet",
          input: xaiHistogram("xai_block_mining_time_seconds", [
            [600, 96],
            [1800, 4],
          ]),
          at: "50m",
          fires: QUIET,
        },
      ],
    },
    {
      name: "NodeHeightBehindNetwork",
      expr: `${selector(RECORDED.heightLag)} > ${heightLagBlocks(T)}`,
      for: "10m",
      severity: "warning",
      service: "blockchain",
      value: "count",
      summary: (v) => `Node ${v.node} is ${v.value} blocks behind ${v.network}`,
      description: (v) =>
        `Node ${v.node} has trailed the head of network ${v.network} (its reference heights' median, else its best node) by more than ${heightLagBlocks(T)} blocks for 10 minutes; now ${v.value} blocks. It may be stuck on a fork, short of peers or slow on disk.`,
      cases: ((lag: number) => [
        {
          title: `a node falling behind one block a minute fires`,
          input: [...heights(NODE_1, "1000x60"), ...heights(NODE_2, "1000+1x60")],
          at: `${String(lag + 15)}m`,
          fires: firesWith(String(lag + 15)),
        },
        {
          // The median of the references (the middle one) is the head; the node's peers do not matter.
          title: `a node ${String(lag + 10)} blocks behind the median of three references fires`,
          input: [
            ...heights(NODE_1, "1000+1x60"),
            ...[lag + 5, lag + 10, lag + 90].map((ahead, index) =>
              exporterSeries(REFERENCE_HEIGHT_METRIC, `${String(1000 + ahead)}+1x60`, {
                network: NODE_1.network,
                reference: `reference-${String(index + 1)}`,
              }),
            ),
          ],
          at: "25m",
          fires: firesWith(String(lag + 10)),
        },
        {
          title: `a node exactly ${String(lag)} blocks behind stays quiet`,
          input: [...heights(NODE_1, "1000x60"), ...heights(NODE_2, `${String(1000 + lag)}x60`)],
          at: "30m",
          fires: QUIET,
        },
      ])(heightLagBlocks(T)),
    },
    {
      name: "NodeStuckWhileNetworkAdvances",
      // The value is the node's lag, which says how far the network moved on without it.
      expr: `${selector(RECORDED.heightLag)} and on (node, network) changes(${selector("xai_block_height")}[${windowRange}]) == 0 and on (node, network) ${heldFor(selector("xai_block_height"), window)} unless on (network) (${networkStalled(window)})`,
      for: blockStep,
      severity: "warning",
      service: "blockchain",
      // The stuck node also trails the network and mines nothing; this says the most about why.
      inhibits: ["NodeHeightBehindNetwork", "LowBlockProductionRate"],
      value: "count",
      summary: (v) => `Node ${v.node} is stuck while ${v.network} advances`,
      description: (v) =>
        `The height of node ${v.node} has not changed for ${windowRange} while other nodes of network ${v.network} added blocks; it is now ${v.value} blocks behind.`,
      cases: [
        {
          title: "one node flat while its peer advances fires",
          input: [...heights(NODE_1, "1000x60"), ...heights(NODE_2, "1000+1x60")],
          interval: blockStep,
          at: atBlock(10),
          fires: firesWith("10"),
        },
        {
          title: "every node flat is a network stall, not this alert",
          input: [...heights(NODE_1, "1000x60"), ...heights(NODE_2, "1000x60")],
          interval: blockStep,
          at: atBlock(10),
          fires: QUIET,
        },
        {
          title: "a node that advances stays quiet",
          input: [...heights(NODE_1, "1000+1x60"), ...heights(NODE_2, "1000+1x60")],
          interval: blockStep,
          at: atBlock(10),
          fires: QUIET,
        },
      ],
    },
    {
      name: "NetworkBlockProductionStalled",
      expr: networkStalled(window),
      for: blockStep,
      severity: "critical",
      service: "blockchain",
      value: "count",
      summary: (v) => `No node of network ${v.network} added a block for ${windowRange}`,
      description: (v) =>
        `The best block height of network ${v.network} has stayed at ${v.value} for ${windowRange}: the whole network stalled, not one node.`,
      cases: [
        {
          title: "every node flat fires once for the network",
          input: [...heights(NODE_1, "1000x60"), ...heights(NODE_2, "1000x60")],
          interval: blockStep,
          at: atBlock(10),
          fires: firesWith("1000", { network: NODE_1.network }),
        },
        {
          title: "one node advancing stays quiet",
          input: [...heights(NODE_1, "1000x60"), ...heights(NODE_2, "1000+1x60")],
          interval: blockStep,
          at: atBlock(10),
          fires: QUIET,
        },
      ],
    },
    {
      name: "ChainNotSynced",
      expr: `${maxByNode(gauge("xai_chain_sync_status"))} == 0`,
      for: "10m",
      severity: "warning",
      service: "blockchain",
      // An unsynced node produces no blocks of its own; the sync problem is the one to work on.
      inhibits: ["LowBlockProductionRate"],
      value: "count",
      summary: (v) => `Node ${v.node} is not in sync with the chain`,
      description: (v) =>
        `Node ${v.node} (${v.network}) has reported sync status ${v.value} (not synced) for 10 minutes.`,
      cases: xaiSeriesCases("xai_chain_sync_status", [
        { title: "unsynced for 11 minutes fires", values: "1x5 0x30", at: "17m", fires: firesWith("0") },
        { title: "unsynced for 9 minutes stays quiet", values: "1x5 0x30", at: "15m", fires: QUIET },
      ]),
    },
    {
      name: "LowSyncProgress",
      expr: `${maxByNode(gauge("xai_chain_sync_percentage"))} < ${T.syncPercent}`,
      for: "15m",
      severity: "warning",
      service: "blockchain",
      value: "percent",
      summary: (v) => `Node ${v.node} is only ${v.value} synced`,
      description: (v) =>
        `Node ${v.node} (${v.network}) has been below ${T.syncPercent}% sync progress for 15 minutes; now at ${v.value}.`,
      cases: thresholdCases({
        metric: "xai_chain_sync_percentage",
        threshold: T.syncPercent,
        beyond: "below",
        step: 0.1,
        valueText: (percent) => `${percent.toFixed(1)}%`,
        unit: "%",
        at: "20m",
      }),
    },
    {
      name: "ChainReorganization",
      expr: `${sumByNode(increase("xai_chain_reorgs_total", "15m"))} > 0`,
      for: "0s",
      severity: "warning",
      service: "blockchain",
      value: "count",
      summary: (v) => `${v.value} chain reorganization(s) on ${v.node}`,
      description: (v) =>
        `Node ${v.node} (${v.network}) saw ${v.value} chain reorganization(s) in the last 15 minutes. The alert resolves once 15 minutes pass without one.`,
      cases: xaiSeriesCases("xai_chain_reorgs_total", [
        { title: "a reorg 4 minutes ago fires", values: "0x10 1x30", at: "15m", fires: firesWith("1") },
        { title: "no reorg stays quiet", values: "0x40", at: "15m", fires: QUIET },
        {
          title: "a reorg 29 minutes ago has resolved by itself",
          values: "0x10 1x30",
          at: "40m",
          fires: QUIET,
        },
      ]),
    },
    {
      name: "UnusualSupplyChange",
      expr: `60 * ${maxByNode(`abs(deriv(${selector("xai_total_supply_xai")}[5m]))`)} > ${T.supplyChangeXaiPerMinute}`,
      for: "1m",
      severity: "critical",
      service: "blockchain",
      value: "number",
      summary: (v) => `Total supply on ${v.node} moves by ${v.value} XAI per minute`,
      description: (v) =>
        `The total XAI supply reported by node ${v.node} (${v.network}) changes by ${v.value} XAI per minute, more than ${T.supplyChangeXaiPerMinute}. Check for an inflation bug or a forged chain.`,
      cases: xaiSeriesCases("xai_total_supply_xai", [
        {
          title: "supply growing 1010 XAI/min fires",
          values: "1000000+1010x30",
          at: "10m",
          fires: firesWith("1.01k"),
        },
        {
          title: "supply shrinking 1010 XAI/min fires too",
          values: "1000000-1010x30",
          at: "10m",
          fires: firesWith("1.01k"),
        },
        {
          title: "supply growing 990 XAI/min stays quiet",
          values: "1000000+990x30",
          at: "10m",
          fires: QUIET,
        },
      ]),
    },
  ];
}
