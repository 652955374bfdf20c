import { RECORDED } from "../rules/recordingNames";
import { DASHBOARD_UIDS, type DashboardModel, type DashboardOptions, finish, xaiDashboard } from "./common";
import { gauge, stat, timeseries } from "./panels";
import { quantileQueries, query, recorded, worstNow, worstOverRange, xai } from "./queries";

export const BLOCKCHAIN_OVERVIEW_TITLE = "Blockchain Overview";

/** Chain progress and network activity across the selected nodes. */
export function blockchainOverview({ topNodes }: DashboardOptions): DashboardModel {
  const few = `When more than ${String(topNodes)} nodes are selected, only the ${String(topNodes)}`;
  const peers = (series: "xai_peers_connected" | "xai_peers_active"): string =>
    worstOverRange(`max by (node) (${xai(series)})`, xai(series), "lowest", topNodes);
  const builder = xaiDashboard(
    BLOCKCHAIN_OVERVIEW_TITLE,
    DASHBOARD_UIDS.blockchainOverview,
    "Block production, chain height, throughput, peers and mining across the selected XAI nodes.",
  )
    // row 1: where the chain is and how fast it moves
    .withPanel(
      gauge("Current Blockchain Height", "locale")
        .height(8)
        .description(`Latest block height each node reports. ${few} lowest are shown.`)
        .withTarget(
          query(worstNow(`max by (node) (${xai("xai_block_height")})`, "lowest", topNodes), "{{node}}"),
        ),
    )
    .withPanel(
      stat("Transaction Throughput (TPS)", "suffix: tx/s")
        .height(8)
        .description(`Transactions per second, 5-minute rate. ${few} slowest are shown.`)
        .withTarget(
          query(worstNow(`sum by (node) (${recorded(RECORDED.tps)})`, "lowest", topNodes), "{{node}}"),
        ),
    )
    .withPanel(
      timeseries("Block Production Rate (5m window)", "suffix: blocks/min")
        .description(
          `Blocks added per minute, averaged over the last 5 minutes. ${few} slowest at any time in the range are drawn.`,
        )
        .min(0)
        .withTarget(
          query(
            // `and` binds looser than `*`, so the scaling sits on its left, where the values come from.
            worstOverRange(
              `${recorded(RECORDED.blockRate)} * 60`,
              recorded(RECORDED.blockRate),
              "lowest",
              topNodes,
            ),
            "{{node}}",
          ),
        ),
    )
    // row 2: peers and mining time
    .withPanel(
      timeseries("Network Peer Count", "short")
        .description(
          `Peers each node is connected to, and how many of them are active. ${few} with the fewest at any time in the range are drawn.`,
        )
        .min(0)
        .withTarget(query(peers("xai_peers_connected"), "{{node}} connected"))
        .withTarget(query(peers("xai_peers_active"), "{{node}} active")),
    )
    .withPanel(
      timeseries("Block Mining Time", "s")
        // Blocks take minutes to mine, so the recorded rate uses a 30m window (short ones hold too few).
        .description("p50, p95 and p99 across the selected nodes, over 30-minute windows.")
        .targets(quantileQueries("blockMiningTime")),
    )
    // row 3: pool and hashrate
    .withPanel(
      timeseries("Transaction Pool Size", "short")
        .description(
          `Pending transactions in each node's pool. ${few} with the largest pools at any time in the range are drawn.`,
        )
        .min(0)
        .withTarget(
          query(
            worstOverRange(
              `max by (node) (${xai("xai_transaction_pool_size")})`,
              xai("xai_transaction_pool_size"),
              "highest",
              topNodes,
            ),
            "{{node}}",
          ),
        ),
    )
    .withPanel(
      timeseries("Network Mining Hashrate", "Hs")
        .description("Combined hashrate of the selected nodes.")
        .min(0)
        .withTarget(query(`sum(${xai("xai_mining_hashrate")})`, "hashrate")),
    );
  return finish(builder);
}
