import type { AlertGroupSettings, AlertSpec } from "../types";
import { QUIET, firesWith, thresholdCases, xaiHistogram, xaiSeries, xaiSeriesCases } from "../cases";
import { gauge, maxByNode } from "../promql";
import { LATENCY, RECORDED } from "../recordingNames";
import type { Thresholds } from "../../settings/thresholds";

const peers = maxByNode(gauge("xai_peers_connected"));

export function networkAlerts(_settings: AlertGroupSettings, T: Thresholds): readonly AlertSpec[] {
  return [
    {
      name: "LowPeerCount",
      expr: `${peers} < ${T.minPeers} > 0`,
      for: "5m",
      severity: "warning",
      service: "network",
      value: "count",
      summary: (v) => `Node ${v.node} has only ${v.value} peer(s)`,
      description: (v) =>
        `Node ${v.node} (${v.network}) has been connected to ${v.value} peer(s), fewer than ${T.minPeers}, for 5 minutes.`,
      cases: [
        ...thresholdCases({
          metric: "xai_peers_connected",
          threshold: T.minPeers,
          beyond: "below",
          step: 1,
          valueText: (peerCount) => peerCount.toFixed(0),
          unit: " peers",
          at: "10m",
        }),
        {
          title: "zero peers is left to NoPeersConnected",
          input: [xaiSeries("xai_peers_connected", "0x20")],
          at: "10m",
          fires: QUIET,
        },
      ],
    },
    {
      name: "NoPeersConnected",
      expr: `${peers} == 0`,
      for: "2m",
      severity: "critical",
      service: "network",
      inhibits: ["LowPeerCount"],
      value: "count",
      summary: (v) => `Node ${v.node} has no peers`,
      description: (v) =>
        `Node ${v.node} (${v.network}) has had ${v.value} connected peers for 2 minutes; it is cut off from the network.`,
      cases: xaiSeriesCases("xai_peers_connected", [
        { title: "zero peers fires", values: "0x20", at: "5m", fires: firesWith("0") },
        { title: "one peer stays quiet", values: "1x20", at: "5m", fires: QUIET },
      ]),
    },
    {
      name: "HighNetworkErrorRate",
      expr: `${RECORDED.networkErrorRate} > ${T.networkErrorsPerSecond}`,
      for: "5m",
      severity: "warning",
      service: "network",
      value: "perSecond",
      summary: (v) => `Network errors on ${v.node}: ${v.value}`,
      description: (v) =>
        `Node ${v.node} (${v.network}) logs ${v.value} network errors across all error types, above ${T.networkErrorsPerSecond}/s.`,
      cases: [
        {
          title: "0.51/s summed over two error types (each under the threshold) fires",
          input: [
            xaiSeries("xai_network_errors_total", "0+15.3x30", { error_type: "timeout" }),
            xaiSeries("xai_network_errors_total", "0+15.3x30", { error_type: "connection_refused" }),
          ],
          at: "15m",
          fires: firesWith("0.51/s"),
        },
        {
          title: "0.49/s stays quiet",
          input: [
            xaiSeries("xai_network_errors_total", "0+14.7x30", { error_type: "timeout" }),
            xaiSeries("xai_network_errors_total", "0+14.7x30", { error_type: "connection_refused" }),
          ],
          at: "15m",
          fires: QUIET,
        },
      ],
    },
    {
      name: "HighNetworkLatency",
      expr: `${LATENCY.networkLatency.p95} > ${T.networkLatencyP95Seconds}`,
      for: "5m",
      severity: "warning",
      service: "network",
      value: "seconds",
      summary: (v) => `High peer latency on ${v.node}: p95 ${v.value}`,
      description: (v) =>
        `The 95th percentile peer latency of node ${v.node} (${v.network}) is ${v.value}, above ${T.networkLatencyP95Seconds}s.`,
      cases: [
        {
          title: "p95 of 2.86s fires",
          input: xaiHistogram("xai_network_latency_seconds", [
            [1, 93],
            [5, 7],
          ]),
          at: "20m",
          fires: firesWith("2.857s"),
        },
        {
          title: "p95 of 1.29s stays quiet",
          input: xaiHistogram("xai_network_latency_seconds", [
            [1, 93],
            [2, 7],
          ]),
          at: "20m",
          fires: QUIET,
        },
      ],
    },
  ];
}
