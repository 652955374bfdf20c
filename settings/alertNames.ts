import type { TunableThreshold } from "./thresholds";

/**
 * Every alert the rules define, in rule-file order, with the threshold an `alerts.<name>.threshold`
 * override sets (undefined: the alert has none). Settings validate overrides against it and the rules read
 * each alert's threshold from it; test/rules/catalog.test.ts checks it names exactly the alerts rendered.
 */
export const ALERT_THRESHOLDS = {
  // blockchain
  NodeDown: undefined,
  LowBlockProductionRate: undefined,
  HighBlockValidationTime: undefined,
  LongMiningTime: undefined,
  NodeHeightBehindNetwork: "maxHeightLagBlocks",
  NodeStuckWhileNetworkAdvances: undefined,
  NetworkBlockProductionStalled: undefined,
  ChainNotSynced: undefined,
  LowSyncProgress: "syncPercent",
  ChainReorganization: undefined,
  UnusualSupplyChange: undefined,
  // network
  LowPeerCount: "minPeers",
  NoPeersConnected: undefined,
  HighNetworkErrorRate: undefined,
  HighNetworkLatency: undefined,
  // transactions
  LargeMempool: "mempoolTransactions",
  HighTransactionFees: undefined,
  LowTransactionThroughput: undefined,
  // system
  HighCPUUsage: undefined,
  CriticalCPUUsage: undefined,
  HighMemoryUsage: undefined,
  CriticalMemoryUsage: undefined,
  DiskSpaceRunningOut: undefined,
  CriticalDiskSpace: undefined,
  HighThreadCount: "threads",
  // api
  HighAPIErrorRate: undefined,
  SlowAPIResponses: undefined,
  NoAPIConnections: undefined,
  // mining
  LowHashrate: "minHashrate",
  MiningFailureRate: undefined,
  // validation
  HighValidationFailures: undefined,
  ValidationErrors: undefined,
  // other
  HighOrphanedBlocks: undefined,
  NodeProcessCrash: undefined,
  NodeUpgradeRequired: undefined,
  // ai
  HighAITaskFailureRate: undefined,
  SlowAITasks: undefined,
  // host
  HostFilesystemPredictedFull: undefined,
  HostMemoryLow: undefined,
  HostClockSkew: undefined,
  HostClockNotSynchronising: undefined,
  // containers
  ContainerRestarting: undefined,
  ContainerMemoryNearLimit: undefined,
  // monitoring
  TargetDown: undefined,
  PrometheusRuleEvaluationFailures: undefined,
  AlertmanagerNotificationsFailing: undefined,
  PrometheusNotificationErrors: undefined,
  AlertmanagerClusterPeerMissing: undefined,
  PrometheusConfigReloadFailed: undefined,
  AlertmanagerConfigReloadFailed: undefined,
  Watchdog: undefined,
  // slo
  APIAvailabilityErrorBudgetFastBurn: undefined,
  APIAvailabilityErrorBudgetSlowBurn: undefined,
  APILatencyErrorBudgetFastBurn: undefined,
  APILatencyErrorBudgetSlowBurn: undefined,
  BlockProductionErrorBudgetFastBurn: undefined,
  BlockProductionErrorBudgetSlowBurn: undefined,
  InSyncErrorBudgetFastBurn: undefined,
  InSyncErrorBudgetSlowBurn: undefined,
} as const satisfies Record<string, TunableThreshold | undefined>;
export type AlertName = keyof typeof ALERT_THRESHOLDS;
export const ALERT_NAMES = Object.keys(ALERT_THRESHOLDS) as AlertName[];

export function isAlertName(name: string): name is AlertName {
  return Object.hasOwn(ALERT_THRESHOLDS, name);
}

/** The threshold an override of this alert sets, if it has one. */
export function alertThreshold(name: string): TunableThreshold | undefined {
  return isAlertName(name) ? ALERT_THRESHOLDS[name] : undefined;
}
