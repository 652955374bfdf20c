import { describe, expect, it } from "vitest";
import { transactionAlerts } from "../../../rules/groups/transactions";
import { alertOf, caseInputs, routingOf } from "../../support/alertGroups";

describe("transactionAlerts", () => {
  it("moves LargeMempool's limit and its cases with mempoolTransactions", () => {
    const tuned = alertOf(transactionAlerts, "LargeMempool", { thresholds: { mempoolTransactions: 500 } });
    expect(tuned.expr).toMatch(/ > 500$/);
    const pool = caseInputs(tuned).filter((input) => input.startsWith("xai_transaction_pool_size"));
    expect(pool.map((input) => input.split(" ")[1])).toEqual(["501x60", "500x60"]);
  });

  it("does not call a node that is down slow: throughput alerts only while it is up", () => {
    expect(alertOf(transactionAlerts, "LowTransactionThroughput").expr).toMatch(
      /^\(node:xai_transactions:rate5m < 1\) and on \(node, network\) up\{job="xai-node"\} == 1$/,
    );
  });

  it("warns the transactions service about the mempool, fees and throughput", () => {
    expect(routingOf(transactionAlerts)).toEqual({
      "warning/transactions": ["LargeMempool", "HighTransactionFees", "LowTransactionThroughput"],
    });
  });
});
