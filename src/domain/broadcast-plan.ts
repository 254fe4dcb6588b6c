import type { QuietHours } from '../config.js';
import { beijingMinuteOfDay, isQuiet, quietHoursEnd } from './quiet-hours.js';

/**
 * What a broadcast will cost and how long it will take, before it is sent. Pure: the
 * pre-flight endpoint feeds it the recipient count, the rendered alert's segments and config.
 */
const MINUTE_MS = 60_000;

/** The next moment quiet hours begin at or after `at` (`at` itself when it is already quiet). */
export function nextQuietStart(at: Date, quiet: QuietHours | null): Date | null {
  if (!quiet) return null;
  if (isQuiet(at, quiet)) return at;
  const startOfMinute = at.getTime() - (at.getTime() % MINUTE_MS);
  let ahead = quiet.startMinute - beijingMinuteOfDay(at);
  if (ahead <= 0) ahead += 24 * 60;
  return new Date(startOfMinute + ahead * MINUTE_MS);
}

export interface SendPlan {
  /** Messages that would fall in quiet hours and wait for the morning. */
  deferredByQuietHours: number;
  /** When the last message is expected to be handed to the provider. */
  finishAt: Date;
}

/**
 * Sends `count` messages from `start` at `perSecond`, pausing through quiet hours. Messages
 * that do not fit before quiet hours begin are the deferred ones; they go out spread over
 * `spreadMs` after quiet hours end (send-rules `sendTimeFor`), so the last lands up to that
 * much later than pacing alone would say.
 */
export function planSends(count: number, start: Date, perSecond: number, quiet: QuietHours | null, spreadMs = 0): SendPlan {
  let t = start.getTime();
  let remaining = count;
  let deferred = 0;
  let first = true;
  let lastQuietEnd = 0;
  while (remaining > 0) {
    if (isQuiet(new Date(t), quiet)) {
      if (first) deferred = remaining;
      t = quietHoursEnd(new Date(t), quiet).getTime();
      lastQuietEnd = t;
    }
    first = false;
    const quietAt = nextQuietStart(new Date(t), quiet);
    const capacity = quietAt ? Math.floor(((quietAt.getTime() - t) / 1000) * perSecond) : Infinity;
    const now = Math.min(remaining, Math.max(capacity, 1));
    t += (now / perSecond) * 1000;
    remaining -= now;
    if (remaining > 0 && quietAt) {
      if (deferred === 0) deferred = remaining;
      t = Math.max(t, quietAt.getTime());
    }
  }
  if (deferred > 0 && lastQuietEnd > 0) t = Math.max(t, lastQuietEnd + spreadMs);
  return { deferredByQuietHours: deferred, finishAt: new Date(Math.ceil(t)) };
}

/** Why a campaign's queued messages have not gone yet, for the progress display. */
export type WaitReason =
  | { kind: 'quiet_hours'; until: Date }
  | { kind: 'quiet_spread'; until: Date }
  | { kind: 'next_wave'; until: Date }
  | { kind: 'pacing'; perSecond: number };

/**
 * Queued messages wait because it is quiet hours (until they end), because a night's backlog is
 * being spread after quiet hours (`spreadMs`), because the campaign is scheduled later (the next
 * wave), or else because sends are paced at `perSecond`.
 */
export function waitReason(now: Date, quiet: QuietHours | null, spreadMs: number, perSecond: number, scheduledFor: Date | null): WaitReason {
  if (isQuiet(now, quiet)) return { kind: 'quiet_hours', until: quietHoursEnd(now, quiet) };
  if (scheduledFor && scheduledFor.getTime() > now.getTime()) return { kind: 'next_wave', until: scheduledFor };
  if (quiet && spreadMs > 0) {
    // The quiet hours that ended last: their end is the latest end-minute at or before now.
    const sinceEnd = (((beijingMinuteOfDay(now) - quiet.endMinute) % 1440) + 1440) % 1440;
    const end = now.getTime() - (now.getTime() % MINUTE_MS) - sinceEnd * MINUTE_MS;
    if (now.getTime() < end + spreadMs) return { kind: 'quiet_spread', until: new Date(end + spreadMs) };
  }
  return { kind: 'pacing', perSecond };
}
