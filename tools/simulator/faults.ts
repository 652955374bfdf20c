import { z } from "zod";

/**
 * Fault modes a test can switch on a running simulated node. `restart` is an action rather than a
 * state, so it has its own control endpoint.
 */
export const faultsSchema = z.strictObject({
  /** Close the metrics listener: the scrape target goes down (NodeDown). */
  stopServing: z.boolean(),
  /** Force the peer count, e.g. 0 (NoPeersConnected) or 1 (LowPeerCount); null restores normal peers. */
  peers: z.number().int().min(0).nullable(),
  /** Tens of thousands of pending transactions (LargeMempool). */
  mempoolFlood: z.boolean(),
  /** Most fees above the top fee bucket (HighTransactionFees). */
  feeSpike: z.boolean(),
  /**
   * A 5xx storm: half of the API requests answered 5xx (HighAPIErrorRate). It burns the API availability
   * error budget at 100x, which pages (APIAvailabilityErrorBudgetFastBurn).
   */
  errorStorm: z.boolean(),
  /** Supply grows by 5,000 XAI every minute on top of block rewards (UnusualSupplyChange). */
  supplyJump: z.boolean(),
  /**
   * No new blocks while the network goes on: the node falls behind its peers (NodeHeightBehindNetwork; after
   * 10 minutes LowBlockProductionRate and NodeStuckWhileNetworkAdvances). On every node of a network at
   * once it is a network-wide stall (NetworkBlockProductionStalled).
   */
  stopBlocks: z.boolean(),
  /** The node falls behind the network: sync status 0, progress dropping (ChainNotSynced). */
  desync: z.boolean(),
});
export type Faults = z.infer<typeof faultsSchema>;

export const NO_FAULTS: Faults = {
  stopServing: false,
  peers: null,
  mempoolFlood: false,
  feeSpike: false,
  errorStorm: false,
  supplyJump: false,
  stopBlocks: false,
  desync: false,
};

/** A partial update, as posted to the control endpoint. */
export const faultUpdateSchema = faultsSchema.partial();
export type FaultUpdate = z.infer<typeof faultUpdateSchema>;
