import { z } from "zod";
import { ALERT_SERVICES, type AlertService } from "./names";
import { duration, durationSeconds, hostPort, httpUrl, positiveDuration } from "./fields";

/** Team channels that receive warnings by `service`; each one is a Slack channel. */
export const SERVICE_CHANNELS = ["network", "system", "blockchain", "api"] as const;
export type ServiceChannel = (typeof SERVICE_CHANNELS)[number];

/** Every Slack channel the routing tree can post to. */
export const SLACK_CHANNELS = ["critical", ...SERVICE_CHANNELS, "digest", "default"] as const;
export type SlackChannel = (typeof SLACK_CHANNELS)[number];

const alertService = z.enum(ALERT_SERVICES, { error: `expected one of ${ALERT_SERVICES.join(", ")}` });

const slackChannelName = z.string().regex(/^#[a-z0-9][a-z0-9._-]{0,79}$/, {
  error: "expected a Slack channel such as #xai-alerts (lower case, digits, . _ -)",
});

const emailAddress = z.email({ error: "expected an email address such as oncall@example.org" });
const emailList = z.array(emailAddress).min(1, { error: "expected at least one email address" });

/** Alertmanager's three timers for one route. */
const routeTiming = z.strictObject({
  groupWait: duration,
  groupInterval: positiveDuration,
  repeatInterval: positiveDuration,
});
export type RouteTiming = z.infer<typeof routeTiming>;

export const DEFAULT_TIMINGS = {
  /** Warnings and everything else. */
  default: { groupWait: "30s", groupInterval: "5m", repeatInterval: "4h" },
  /** Pages: fast first notification, re-sent every 5 minutes while unresolved. */
  critical: { groupWait: "10s", groupInterval: "1m", repeatInterval: "5m" },
  /** Info alerts: one digest a day. */
  digest: { groupWait: "30m", groupInterval: "24h", repeatInterval: "24h" },
  /** The dead-man's switch expects a ping every minute or so. */
  watchdog: { groupWait: "0s", groupInterval: "1m", repeatInterval: "1m" },
} as const satisfies Record<string, RouteTiming>;

const MAX_CRITICAL_GROUP_WAIT_SECONDS = 10;
const MAX_CRITICAL_REPEAT_SECONDS = 300;

const timings = z
  .strictObject({
    default: routeTiming.default(DEFAULT_TIMINGS.default),
    critical: routeTiming
      .refine((timing) => durationSeconds(timing.groupWait) <= MAX_CRITICAL_GROUP_WAIT_SECONDS, {
        path: ["groupWait"],
        message: "expected at most 10s, so pages go out quickly",
      })
      .refine((timing) => durationSeconds(timing.repeatInterval) <= MAX_CRITICAL_REPEAT_SECONDS, {
        path: ["repeatInterval"],
        message: "expected at most 5m, so an unresolved page is repeated",
      })
      .default(DEFAULT_TIMINGS.critical),
    digest: routeTiming.default(DEFAULT_TIMINGS.digest),
    watchdog: routeTiming.default(DEFAULT_TIMINGS.watchdog),
  })
  .prefault({});

export const DEFAULT_SERVICE_ROUTES: Record<ServiceChannel, AlertService[]> = {
  network: ["network"],
  system: ["system", "host"],
  blockchain: ["blockchain", "transactions", "mining", "validation", "ai"],
  api: ["api"],
};

const serviceRoutes = z
  .strictObject({
    network: z.array(alertService).default(DEFAULT_SERVICE_ROUTES.network),
    system: z.array(alertService).default(DEFAULT_SERVICE_ROUTES.system),
    blockchain: z.array(alertService).default(DEFAULT_SERVICE_ROUTES.blockchain),
    api: z.array(alertService).default(DEFAULT_SERVICE_ROUTES.api),
  })
  .prefault({})
  .superRefine((routes, ctx) => {
    // Channels left at their default are claimed first, so an overlap is reported on the key the user set.
    const isDefault = (channel: ServiceChannel): boolean =>
      routes[channel].join(",") === DEFAULT_SERVICE_ROUTES[channel].join(",");
    const ordered = [
      ...SERVICE_CHANNELS.filter(isDefault),
      ...SERVICE_CHANNELS.filter((channel) => !isDefault(channel)),
    ];
    const owner = new Map<string, ServiceChannel>();
    for (const channel of ordered) {
      routes[channel].forEach((service, index) => {
        const first = owner.get(service);
        if (first !== undefined) {
          const where = isDefault(first)
            ? `${first} by default; set alerting.serviceRoutes.${first} without it`
            : first;
          ctx.addIssue({
            code: "custom",
            path: [channel, index],
            message: `expected each service in one channel only; "${service}" is already routed to ${where}`,
          });
        } else {
          owner.set(service, channel);
        }
      });
    }
  });

export const DEFAULT_SLACK_CHANNELS: Record<SlackChannel, string> = {
  critical: "#xai-critical",
  network: "#xai-network",
  system: "#xai-system",
  blockchain: "#xai-blockchain",
  api: "#xai-api",
  digest: "#xai-digest",
  default: "#xai-alerts",
};

const slackChannels = z
  .strictObject(
    Object.fromEntries(
      SLACK_CHANNELS.map((channel) => [channel, slackChannelName.default(DEFAULT_SLACK_CHANNELS[channel])]),
    ) as Record<SlackChannel, z.ZodDefault<typeof slackChannelName>>,
  )
  .prefault({});

/** SMTP delivery. Without this block, email is an unconfigured channel. The password is the smtpPassword secret. */
const email = z.strictObject({
  /** Pages and alerts no team channel takes. */
  to: emailList,
  /** The daily info digest; defaults to `to`. */
  digestTo: emailList.optional(),
  from: emailAddress,
  smarthost: hostPort,
  /** Set when the server needs authentication; the password then comes from the smtpPassword secret. */
  username: z.string().min(1, { error: "expected a non-empty SMTP user name" }).optional(),
  requireTls: z.boolean().default(true),
});
export type EmailSettings = z.infer<typeof email>;

/** Alert routing and receiver settings. Credentials are never here: they are secrets (see secrets.ts). */
export const alertingSettings = z
  .strictObject({
    /**
     * The URL users reach Alertmanager on; links in notifications use it. Defaults to the Alertmanager
     * ingress host on Kubernetes, else the published port (the preview warns on Kubernetes without either).
     */
    externalUrl: httpUrl.optional(),
    slackChannels,
    serviceRoutes,
    email: email.optional(),
    /** Where info alerts are summarised once a day. */
    digestVia: z.enum(["email", "slack"], { error: "expected email or slack" }).default("email"),
    pagerduty: z
      .strictObject({
        /** Events API v2 endpoint; only changed for a proxy or a regional endpoint. */
        eventsUrl: httpUrl.default("https://events.pagerduty.com/v2/enqueue"),
      })
      .prefault({}),
    timings,
  })
  .prefault({});

export type AlertingSettings = z.infer<typeof alertingSettings>;
