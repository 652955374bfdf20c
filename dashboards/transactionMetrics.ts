import * as common from "@grafana/grafana-foundation-sdk/common";
import { RECORDED } from "../rules/recordingNames";
import { DASHBOARD_UIDS, type DashboardModel, finish, xaiDashboard } from "./common";
import { distribution, pieChart, stat, timeseries } from "./panels";
import { bucketDistributionQuery, quantileQueries, query, recorded, xai } from "./queries";

export const TRANSACTION_METRICS_TITLE = "Transaction Metrics";

const BUCKET_SECONDS = 300;

/** Transaction flow, mempool and the distributions of fees, values and processing time. */
export function transactionMetrics(): DashboardModel {
  const builder = xaiDashboard(
    TRANSACTION_METRICS_TITLE,
    DASHBOARD_UIDS.transactionMetrics,
    "Transaction rates by status, mempool, processing time and the fee and value distributions of the selected nodes.",
  )
    // row 1: flow
    .withPanel(
      stat("Current Mempool Size", "short")
        .height(8)
        .description("Pending transactions across the selected nodes.")
        .withTarget(query(`sum(${xai("xai_transaction_pool_size")})`, "mempool")),
    )
    .withPanel(
      timeseries("Transaction Rate by Status", "suffix: tx/s")
        .span(18)
        .description("Transactions per second by status, 5-minute rate.")
        .min(0)
        .withTarget(query(`sum by (status) (${recorded(RECORDED.tpsByStatus)})`, "{{status}}")),
    )
    // row 2: latency and outcome
    .withPanel(
      timeseries("Transaction Processing Time", "s")
        .description("p50, p95 and p99 across the selected nodes, over 5-minute windows.")
        .targets(quantileQueries("transactionProcessingTime")),
    )
    .withPanel(
      pieChart("Transactions by Status", "short")
        .description("Transactions over the time range, by status.")
        .withTarget(
          query(
            `sum by (status) (increase(${xai("xai_transactions_total")}[$__range]))`,
            "{{status}}",
          ).instant(),
        ),
    )
    // row 3: volume; rate x bucket length is the count per bucket
    .withPanel(
      timeseries("Transaction Count (5m buckets)", "short")
        .span(24)
        .description("Transactions in each 5-minute bucket across the selected nodes.")
        .interval(`${BUCKET_SECONDS}s`)
        .drawStyle(common.GraphDrawStyle.Bars)
        .fillOpacity(80)
        .min(0)
        .withTarget(query(`sum(${recorded(RECORDED.tps)}) * ${BUCKET_SECONDS}`, "transactions")),
    )
    // row 4: distributions
    .withPanel(
      distribution("Transaction Fee Distribution", "short")
        .description(
          "Transactions per fee bucket over the time range; bars are named by the bucket's upper bound in XAI.",
        )
        .withTarget(bucketDistributionQuery("xai_transaction_fee_xai")),
    )
    .withPanel(
      distribution("Transaction Value Distribution", "short")
        .description(
          "Transactions per value bucket over the time range; bars are named by the bucket's upper bound in XAI.",
        )
        .withTarget(bucketDistributionQuery("xai_transaction_value_xai")),
    );
  return finish(builder);
}
