import type { AlertGroupSettings, AlertSpec, InputSeries } from "../types";
import { QUIET, firesWith, xaiHistogram, xaiSeries, xaiUp } from "../cases";
import { fractionAbove, gauge, maxByNode, whileNodeUp } from "../promql";
import { RECORDED } from "../recordingNames";
import type { Thresholds } from "../../settings/thresholds";

/** Requests per minute across two endpoints and methods; `errors` of them answered 500 or 503. */
function requests(total: number, errors: number): InputSeries[] {
  const ok = total - errors;
  const serverError = Math.ceil(errors / 2);
  return [
    xaiSeries("xai_api_requests_total", `0+${ok}x30`, { endpoint: "/blocks", method: "GET", status: "200" }),
    xaiSeries("xai_api_requests_total", `0+${serverError}x30`, {
      endpoint: "/transactions",
      method: "POST",
      status: "500",
    }),
    xaiSeries("xai_api_requests_total", `0+${errors - serverError}x30`, {
      endpoint: "/blocks",
      method: "GET",
      status: "503",
    }),
  ];
}

/** Durations of two endpoints; `slowPerEndpoint` of every 50 requests take longer than 5 s. */
function durations(slowPerEndpoint: number): InputSeries[] {
  return [
    { endpoint: "/blocks", method: "GET" },
    { endpoint: "/transactions", method: "POST" },
  ].flatMap((labels) =>
    xaiHistogram(
      "xai_api_request_duration_seconds",
      [
        [1, 50 - slowPerEndpoint],
        ["+Inf", slowPerEndpoint],
      ],
      { labels },
    ),
  );
}

export function apiAlerts(_settings: AlertGroupSettings, T: Thresholds): readonly AlertSpec[] {
  return [
    {
      name: "HighAPIErrorRate",
      expr: `${RECORDED.apiErrorRatio} > ${T.apiErrorRatio}`,
      for: "5m",
      severity: "warning",
      service: "api",
      value: "ratio",
      summary: (v) => `${v.value} of API requests to ${v.node} fail with 5xx`,
      description: (v) =>
        `Node ${v.node} (${v.network}) answered ${v.value} of its API requests with a 5xx status over the last 5 minutes, across all endpoints and methods (threshold ${T.apiErrorRatio * 100}%).`,
      cases: [
        { title: "10.5% 5xx fires", input: requests(200, 21), at: "15m", fires: firesWith("10.5%") },
        { title: "9.5% 5xx stays quiet", input: requests(200, 19), at: "15m", fires: QUIET },
      ],
    },
    {
      // API-duration buckets end at 5 s, so histogram_quantile(0.95, ...) can never exceed 5: count instead.
      name: "SlowAPIResponses",
      expr: `${fractionAbove("xai_api_request_duration_seconds", T.apiP95Seconds, "5m")} > 0.05`,
      for: "10m",
      severity: "warning",
      service: "api",
      value: "ratio",
      summary: (v) => `Slow API on ${v.node}: ${v.value} of requests take over ${T.apiP95Seconds}s`,
      description: (v) =>
        `On node ${v.node} (${v.network}), ${v.value} of API requests in the last 5 minutes took longer than ${T.apiP95Seconds}s, so the 95th-percentile latency is above ${T.apiP95Seconds}s.`,
      cases: [
        { title: "6% of requests over 5s fires", input: durations(3), at: "20m", fires: firesWith("6%") },
        { title: "4% of requests over 5s stays quiet", input: durations(2), at: "20m", fires: QUIET },
      ],
    },
    {
      name: "NoAPIConnections",
      expr: whileNodeUp(`${maxByNode(gauge("xai_api_active_connections"))} == 0`),
      for: "15m",
      severity: "warning",
      service: "api",
      value: "count",
      summary: (v) => `No API connections on ${v.node}`,
      description: (v) =>
        `Node ${v.node} (${v.network}) is up but has had ${v.value} active API connections for 15 minutes.`,
      cases: [
        {
          title: "zero connections while up fires",
          input: [xaiSeries("xai_api_active_connections", "0x30"), xaiUp("1x30")],
          at: "20m",
          fires: firesWith("0"),
        },
        {
          title: "one connection stays quiet",
          input: [xaiSeries("xai_api_active_connections", "1x30"), xaiUp("1x30")],
          at: "20m",
          fires: QUIET,
        },
        {
          title: "node down stays quiet (NodeDown covers it)",
          input: [xaiSeries("xai_api_active_connections", "0x30"), xaiUp("0x30")],
          at: "20m",
          fires: QUIET,
        },
      ],
    },
  ];
}
