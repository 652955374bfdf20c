import { NO_FAULTS, type FaultUpdate, type Faults } from "./faults";
import { Instruments } from "./instruments";
import type { LogSink } from "./logs";

export interface NodeIdentity {
  readonly nodeId: string;
  readonly network: string;
  readonly version: string;
}

export interface SimulationOptions extends NodeIdentity {
  /** Mean seconds between blocks. */
  readonly blockIntervalSeconds?: number;
  /** Seed for the deterministic random source, so runs are reproducible. */
  readonly seed?: number;
  /** Milliseconds since the epoch; injectable so backfills can simulate the past. */
  readonly clock?: () => number;
  readonly logs?: LogSink;
  /**
   * Histogram observations recorded per family per `advance` call (default 50). Backfills that take
   * minute-long steps lower it: the series stay the same, only the work per step shrinks.
   */
  readonly maxObservationsPerStep?: number;
  /** How long the process has already been up when the simulation starts (0: it starts now). */
  readonly initialUptimeSeconds?: number;
}

const TX_STATUSES = [
  ["confirmed", 0.93],
  ["pending", 0.05],
  ["failed", 0.02],
] as const;
const API_ROUTES = [
  ["/blocks", "GET"],
  ["/transactions", "GET"],
  ["/transactions", "POST"],
  ["/peers", "GET"],
  ["/status", "GET"],
] as const;
const MESSAGE_TYPES = ["block", "transaction", "ping", "getblocks"] as const;
const NETWORK_ERRORS = ["timeout", "connection_refused", "invalid_message"] as const;
const WALLETS = ["XAI1a9f3c", "XAI7be210"] as const;
const AI_PROVIDERS = ["openai", "anthropic"] as const;
const BLOCK_REWARD_XAI = 12;
const SUPPLY_JUMP_XAI_PER_SECOND = 5000 / 60;
const NORMAL_PEERS = 8;
/** Per provider; enough tasks that a 2% failure share stays far from any alert threshold. */
const AI_TASKS_PER_SECOND = 1;

/** Small, fast, seedable PRNG (mulberry32). */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One simulated XAI node: chain, mempool, peers, API traffic, mining and host figures that move the way
 * a healthy node's do, plus the fault modes tests switch on. `advance` moves time forward; the metrics
 * live in `instruments`, which a restart replaces, as a real process restart would.
 */
export class NodeSimulation {
  instruments: Instruments;
  faults: Faults = { ...NO_FAULTS };
  private readonly random: () => number;
  /** Block times come from the network, not the node: nodes of one network started together stay in step. */
  private readonly blockRandom: () => number;
  private readonly clock: () => number;
  private readonly blockInterval: number;
  private startedAt: number;
  private untilNextBlock: number;
  private recentBlockTimes: number[] = [];
  private height = 150_000;
  private networkHeight = 150_000;
  private supply = 21_000_000;
  private difficulty = 1_500_000;
  private peers = NORMAL_PEERS;
  private pool = 120;
  private syncPercent = 100;
  private readonly observationCap: number;

  constructor(private readonly options: SimulationOptions) {
    this.clock = options.clock ?? Date.now;
    this.random = randomSource(options.seed ?? hashOf(options.nodeId));
    this.blockRandom = randomSource(hashOf(options.network));
    this.blockInterval = options.blockIntervalSeconds ?? 5;
    this.untilNextBlock = this.blockInterval;
    this.observationCap = options.maxObservationsPerStep ?? 50;
    this.startedAt = this.clock() - (options.initialUptimeSeconds ?? 0) * 1000;
    this.instruments = this.freshInstruments();
    this.options.logs?.info("logging.init", "Node logging initialised", {});
    this.advance(0);
  }

  get identity(): NodeIdentity {
    return { nodeId: this.options.nodeId, network: this.options.network, version: this.options.version };
  }

  setFaults(update: FaultUpdate): void {
    this.faults = { ...this.faults, ...update };
  }

  clearFaults(): void {
    this.faults = { ...NO_FAULTS };
  }

  /** The process restarts: uptime and every counter start again from zero; chain state survives. */
  restart(): void {
    this.options.logs?.critical("error.exception", "Node process restarting", { reason: "simulated crash" });
    this.startedAt = this.clock();
    this.recentBlockTimes = [];
    this.instruments = this.freshInstruments();
    this.advance(0);
  }

  private freshInstruments(): Instruments {
    return new Instruments(this.clock, this.identity);
  }

  private between(low: number, high: number): number {
    return low + (high - low) * this.random();
  }

  /** A count drawn around `mean` for one step (cheap Poisson stand-in). */
  private countAround(mean: number): number {
    const whole = Math.floor(mean);
    return whole + (this.random() < mean - whole ? 1 : 0);
  }

  /** Moves the node `seconds` forward (the clock is assumed to have moved as much). */
  advance(seconds: number): void {
    const now = this.clock();
    this.produceBlocks(seconds, now);
    this.processTransactions(seconds);
    this.exchangeWithPeers(seconds);
    this.serveApi(seconds);
    this.runAiTasks(seconds);
    this.updateGauges(now);
  }

  private produceBlocks(seconds: number, now: number): void {
    const metrics = this.instruments;
    this.networkHeight += seconds / this.blockInterval;
    if (this.faults.stopBlocks || this.faults.desync) {
      this.untilNextBlock = this.blockInterval;
    } else {
      this.untilNextBlock -= seconds;
    }
    while (this.untilNextBlock <= 0) {
      const took = (0.6 + 0.8 * this.blockRandom()) * this.blockInterval;
      this.untilNextBlock += took;
      this.height += 1;
      this.networkHeight = Math.max(this.networkHeight, this.height);
      this.recentBlockTimes.push(now);
      this.difficulty *= this.between(0.995, 1.005);
      this.supply += BLOCK_REWARD_XAI;
      metrics.inc("xai_blocks_total");
      metrics.observe("xai_block_size_bytes", this.between(2_000, 400_000));
      metrics.observe("xai_block_mining_time_seconds", took);
      metrics.observe("xai_block_validation_time_seconds", this.between(0.004, 0.3));
      metrics.inc("xai_mining_attempts_total", {}, this.random() < 0.1 ? 2 : 1);
      metrics.inc("xai_mining_success_total");
      if (this.random() < 0.5) metrics.inc("xai_mining_blocks_found_total");
      this.options.logs?.info("mining.block_mined", "Block added to chain", { block_height: this.height });
    }
    if (this.faults.supplyJump) this.supply += SUPPLY_JUMP_XAI_PER_SECOND * seconds;
    this.recentBlockTimes = this.recentBlockTimes.filter((time) => now - time < 60_000);
  }

  private processTransactions(seconds: number): void {
    const metrics = this.instruments;
    const tps = this.between(6, 14);
    for (const [status, share] of TX_STATUSES) {
      const count = this.countAround(tps * share * seconds);
      if (count === 0 && seconds > 0) continue;
      metrics.inc("xai_transactions_total", { status }, count);
    }
    const observed = this.countAround(tps * seconds);
    for (let i = 0; i < Math.min(observed, this.observationCap); i += 1) {
      metrics.observe("xai_transaction_value_xai", Math.exp(this.between(Math.log(0.2), Math.log(20_000))));
      const fee = this.faults.feeSpike
        ? this.between(12, 40)
        : Math.exp(this.between(Math.log(0.0002), Math.log(0.5)));
      metrics.observe("xai_transaction_fee_xai", fee);
      metrics.observe("xai_transaction_processing_time_seconds", this.between(0.002, 0.4));
    }
    const target = this.faults.mempoolFlood ? 25_000 : 150;
    this.pool = Math.max(0, Math.round(this.pool + (target - this.pool) * 0.3 + this.between(-20, 20)));
    metrics.set("xai_transaction_pool_size", this.pool);
    metrics.set("xai_transaction_throughput_per_second", tps);
    for (const address of WALLETS) {
      if (this.random() < 0.05 * seconds) {
        metrics.inc("xai_wallet_transactions_total", {
          address,
          type: this.random() < 0.5 ? "send" : "receive",
        });
      }
    }
  }

  private exchangeWithPeers(seconds: number): void {
    const metrics = this.instruments;
    const wanted = this.faults.peers ?? NORMAL_PEERS + Math.round(this.between(-2, 2));
    if (wanted !== this.peers) {
      this.options.logs?.info(
        wanted > this.peers ? "p2p.peer_connected" : "p2p.peer_disconnected",
        "Peer set changed",
        {
          peer: `10.0.${Math.floor(this.between(0, 255))}.${Math.floor(this.between(1, 255))}:8333`,
        },
      );
    }
    this.peers = wanted;
    metrics.set("xai_peers_connected", this.peers);
    metrics.set("xai_peers_active", Math.max(0, this.peers - (this.random() < 0.3 ? 1 : 0)));
    if (this.peers === 0) return;
    metrics.inc("xai_network_bandwidth_sent_bytes_total", {}, Math.round(this.peers * 20_000 * seconds));
    metrics.inc("xai_network_bandwidth_received_bytes_total", {}, Math.round(this.peers * 25_000 * seconds));
    for (const type of MESSAGE_TYPES) {
      metrics.inc(
        "xai_network_messages_total",
        { message_type: type },
        this.countAround(this.peers * 0.5 * seconds),
      );
    }
    for (const type of NETWORK_ERRORS) {
      metrics.inc("xai_network_errors_total", { error_type: type }, this.countAround(0.005 * seconds));
    }
    for (let i = 0; i < Math.min(this.countAround(this.peers * seconds), this.observationCap); i += 1) {
      metrics.observe("xai_network_latency_seconds", this.between(0.015, 0.4));
    }
  }

  private serveApi(seconds: number): void {
    const metrics = this.instruments;
    // 0.1% normally: within the API availability SLO's budget (99.5%), so healthy nodes never burn it.
    const errorShare = this.faults.errorStorm ? 0.5 : 0.001;
    for (const [endpoint, method] of API_ROUTES) {
      const requests = this.countAround(4 * seconds);
      const failed = this.countAround(requests * errorShare);
      metrics.inc(
        "xai_api_requests_total",
        { endpoint, method, status: "200" },
        requests - Math.min(failed, requests),
      );
      metrics.inc("xai_api_requests_total", { endpoint, method, status: "500" }, Math.min(failed, requests));
      if (failed > 0) metrics.inc("xai_api_errors_total", { endpoint, error_type: "internal" }, failed);
      for (let i = 0; i < Math.min(requests, this.observationCap); i += 1) {
        metrics.observe("xai_api_request_duration_seconds", this.between(0.002, 0.3), { endpoint, method });
      }
      if (requests > 0 && this.random() < 0.2) {
        const status = failed > 0 ? 500 : 200;
        this.options.logs?.apiRequest(method, endpoint, status, Math.round(this.between(2, 300)));
      }
    }
    metrics.set("xai_api_active_connections", Math.round(this.between(3, 20)));
  }

  private runAiTasks(seconds: number): void {
    const metrics = this.instruments;
    for (const provider of AI_PROVIDERS) {
      const tasks = this.countAround(AI_TASKS_PER_SECOND * seconds);
      const failed = this.countAround(tasks * 0.02);
      metrics.inc("xai_ai_tasks_total", { provider, status: "completed" }, tasks - Math.min(failed, tasks));
      metrics.inc("xai_ai_tasks_total", { provider, status: "failed" }, Math.min(failed, tasks));
      for (let i = 0; i < Math.min(tasks, this.observationCap); i += 1) {
        metrics.observe("xai_ai_task_duration_seconds", this.between(0.3, 6), { provider });
      }
      metrics.inc("xai_ai_task_cost_total", { provider }, tasks * 0.002);
    }
  }

  private updateGauges(now: number): void {
    const metrics = this.instruments;
    if (this.faults.desync) {
      this.syncPercent = Math.max(60, this.syncPercent - 0.5);
    } else {
      this.syncPercent = 100;
      this.networkHeight = this.height;
    }
    metrics.set("xai_block_height", this.height);
    metrics.set("xai_chain_height", Math.floor(this.networkHeight));
    metrics.set("xai_chain_sync_status", this.faults.desync ? 0 : 1);
    metrics.set("xai_chain_sync_percentage", this.syncPercent);
    metrics.set("xai_block_difficulty", this.difficulty);
    metrics.set("xai_mining_difficulty", this.difficulty);
    metrics.set("xai_block_production_rate_per_minute", this.recentBlockTimes.length);
    metrics.set("xai_total_supply_xai", this.supply);
    metrics.set("xai_circulating_supply_xai", this.supply * 0.82);
    metrics.set("xai_mining_hashrate", this.between(80_000, 120_000));
    WALLETS.forEach((address, index) => {
      metrics.set("xai_wallet_balance_xai", 1_000 * (index + 1) + this.between(0, 50), { address });
    });
    metrics.set("xai_system_cpu_usage_percent", this.between(15, 45));
    const memoryPercent = this.between(35, 55);
    metrics.set("xai_system_memory_percent", memoryPercent);
    metrics.set("xai_system_memory_usage_bytes", (memoryPercent / 100) * 8 * 2 ** 30);
    const diskPercent = 48 + this.between(0, 0.5);
    metrics.set("xai_system_disk_percent", diskPercent);
    metrics.set("xai_system_disk_usage_bytes", (diskPercent / 100) * 500 * 2 ** 30);
    metrics.set("xai_process_uptime_seconds", (now - this.startedAt) / 1000);
    metrics.set("xai_process_num_threads", 40 + Math.round(this.between(0, 8)));
    // Series that exist from start, at zero, as they do on a healthy node.
    metrics.inc("xai_orphaned_blocks_total", {}, 0);
    metrics.inc("xai_chain_reorgs_total", {}, 0);
    metrics.inc("xai_validation_failures_total", { validation_type: "signature" }, 0);
    metrics.inc("xai_validation_errors_total", { error_category: "consensus" }, 0);
  }
}

function hashOf(text: string): number {
  let hash = 2166136261;
  for (const char of text) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return hash >>> 0;
}
