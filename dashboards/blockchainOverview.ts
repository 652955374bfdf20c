import { BUCKET_RATE, RECORDED } from "../rules/recording";
import { DASHBOARD_UIDS, type DashboardModel, finish, xaiDashboard } from "./common";
import { gauge, stat, timeseries } from "./panels";
import { quantileQueries, query, recorded, xai } from "./queries";

export const BLOCKCHAIN_OVERVIEW_TITLE = "Blockchain Overview";

/** Chain progress and network activity across the selected nodes. */
export function blockchainOverview(): DashboardModel {
  const builder = xaiDashboard(
    BLOCKCHAIN_OVERVIEW_TITLE,
    DASHBOARD_UIDS.blockchainOverview,
    "Block production, chain height, throughput, peers and mining across the selected XAI nodes.",
  )
    // row 1: where the chain is and how fast it moves
    .withPanel(
      gauge("Current Blockchain Height", "locale")
        .height(8)
        .description("Latest block height each node reports.")
        .withTarget(query(`max by (node) (${xai("xai_block_height")})`, "{{node}}")),
    )
    .withPanel(
      stat("Transaction Throughput (TPS)", "suffix: tx/s")
        .height(8)
        .description("Transactions per second, 5-minute rate.")
        .withTarget(query(`sum by (node) (${recorded(RECORDED.tps)})`, "{{node}}")),
    )
    .withPanel(
      timeseries("Block Production Rate (5m window)", "suffix: blocks/min")
        .description("Blocks added per minute, averaged over the last 5 minutes.")
        .min(0)
        .withTarget(query(`sum by (node) (${recorded(RECORDED.blockRate)}) * 60`, "{{node}}")),
    )
    // row 2: peers and mining time
    .withPanel(
      timeseries("Network Peer Count", "short")
        .description("Peers each node is connected to, and how many of them are active.")
        .min(0)
        .withTarget(query(`max by (node) (${xai("xai_peers_connected")})`, "{{node}} connected"))
        .withTarget(query(`max by (node) (${xai("xai_peers_active")})`, "{{node}} active")),
    )
    .withPanel(
      timeseries("Block Mining Time", "s")
        // Blocks take minutes to mine, so the recorded rate uses a 30m window (short ones hold too few).
        .description("p50, p95 and p99 across the selected nodes, over 30-minute windows.")
        .targets(quantileQueries(BUCKET_RATE.blockMiningTime)),
    )
    // row 3: pool and hashrate
    .withPanel(
      timeseries("Transaction Pool Size", "short")
        .description("Pending transactions in each node's pool.")
        .min(0)
        .withTarget(query(`max by (node) (${xai("xai_transaction_pool_size")})`, "{{node}}")),
    )
    .withPanel(
      timeseries("Network Mining Hashrate", "Hs")
        .description("Combined hashrate of the selected nodes.")
        .min(0)
        .withTarget(query(`sum(${xai("xai_mining_hashrate")})`, "hashrate")),
    );
  return finish(builder);
}
