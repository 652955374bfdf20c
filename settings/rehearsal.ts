import { z } from "zod";
import { durationSeconds, positiveDuration } from "./fields";

/**
 * TEST ONLY: settings that exist so the end-to-end rehearsal (test/components/stack.rehearsal.live.test.ts) fits in minutes on real
 * binaries. Never set them in a real stack: they change when alerts fire.
 */
export const rehearsalSettings = z
  .strictObject({
    /** Caps every alert's `for:` at this duration (alerts with a shorter `for:` keep theirs). */
    maxAlertFor: positiveDuration,
  })
  .optional();
export type RehearsalSettings = z.infer<typeof rehearsalSettings>;

/** An alert's `for:` as rendered: unchanged unless rehearsal.maxAlertFor caps it. */
export function renderedFor(forDuration: string, rehearsal: RehearsalSettings): string {
  if (!rehearsal) return forDuration;
  return durationSeconds(forDuration) > durationSeconds(rehearsal.maxAlertFor)
    ? rehearsal.maxAlertFor
    : forDuration;
}
