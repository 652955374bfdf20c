import type { AlertGroupSettings, AlertSpec, InputSeries } from "../types";
import { QUIET, firesWith, xaiHistogram, xaiSeries } from "../cases";
import { LATENCY, RECORDED } from "../recordingNames";
import type { Thresholds } from "../../settings/thresholds";

const PROVIDERS = ["openai", "anthropic"];

/** Per minute and provider: `completed` successes and `failed` failures. */
function tasks(completed: number, failed: number): InputSeries[] {
  return PROVIDERS.flatMap((provider) => [
    xaiSeries("xai_ai_tasks_total", `0+${completed}x40`, { provider, status: "completed" }),
    xaiSeries("xai_ai_tasks_total", `0+${failed}x40`, { provider, status: "failed" }),
  ]);
}

export function aiAlerts(_settings: AlertGroupSettings, T: Thresholds): readonly AlertSpec[] {
  return [
    {
      name: "HighAITaskFailureRate",
      expr: `${RECORDED.aiTaskFailureRatio} > ${T.aiTaskFailureRatio}`,
      for: "15m",
      severity: "warning",
      service: "ai",
      value: "ratio",
      summary: (v) => `${v.value} of AI tasks fail on ${v.node}`,
      description: (v) =>
        `${v.value} of the AI tasks run by node ${v.node} (${v.network}) over the last 15 minutes failed, across providers (threshold ${T.aiTaskFailureRatio * 100}%).`,
      cases: [
        { title: "26% failures fires", input: tasks(37, 13), at: "35m", fires: firesWith("26%") },
        { title: "24% failures stays quiet", input: tasks(38, 12), at: "35m", fires: QUIET },
      ],
    },
    {
      name: "SlowAITasks",
      expr: `${LATENCY.aiTaskDuration.p95} > ${T.aiTaskP95Seconds}`,
      for: "15m",
      severity: "warning",
      service: "ai",
      value: "seconds",
      summary: (v) => `AI tasks are slow on ${v.node}: p95 ${v.value}`,
      description: (v) =>
        `The 95th percentile AI task duration of node ${v.node} (${v.network}) over 15 minutes is ${v.value}, above ${T.aiTaskP95Seconds}s.`,
      cases: [
        {
          title: "p95 of 38.57s fires",
          input: xaiHistogram(
            "xai_ai_task_duration_seconds",
            [
              [10, 93],
              [60, 7],
            ],
            { labels: { provider: "openai" } },
          ),
          at: "35m",
          fires: firesWith("38.57s"),
        },
        {
          title: "p95 under 10s stays quiet",
          input: xaiHistogram(
            "xai_ai_task_duration_seconds",
            [
              [10, 96],
              [60, 4],
            ],
            { labels: { provider: "openai" } },
          ),
          at: "35m",
          fires: QUIET,
        },
      ],
    },
  ];
}
