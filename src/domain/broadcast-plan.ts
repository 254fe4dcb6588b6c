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
 * that do not fit before quiet hours begin are the deferred ones.
 */
export function planSends(count: number, start: Date, perSecond: number, quiet: QuietHours | null): SendPlan {
  let t = start.getTime();
  let remaining = count;
  let deferred = 0;
  let first = true;
  while (remaining > 0) {
    if (isQuiet(new Date(t), quiet)) {
      if (first) deferred = remaining;
      t = quietHoursEnd(new Date(t), quiet).getTime();
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
  return { deferredByQuietHours: deferred, finishAt: new Date(Math.ceil(t)) };
}
