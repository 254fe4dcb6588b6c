import type { QuietHours } from '../config.js';

// Asia/Shanghai has had no daylight saving since 1991, so a fixed +8 h offset is exact.
export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Minute of the day (0–1439) in Beijing time. */
export function beijingMinuteOfDay(at: Date): number {
  const ms = (at.getTime() + SHANGHAI_OFFSET_MS) % DAY_MS;
  return Math.floor(ms / 60_000);
}

export function isQuiet(at: Date, quiet: QuietHours | null): boolean {
  if (!quiet) return false;
  const m = beijingMinuteOfDay(at);
  return quiet.startMinute < quiet.endMinute
    ? m >= quiet.startMinute && m < quiet.endMinute
    : m >= quiet.startMinute || m < quiet.endMinute; // range crosses midnight, e.g. 21:00-08:00
}

/** The moment quiet hours that contain `at` end; `at` itself when it is not quiet. */
export function quietHoursEnd(at: Date, quiet: QuietHours | null): Date {
  if (!quiet || !isQuiet(at, quiet)) return at;
  const m = beijingMinuteOfDay(at);
  let minutesLeft = quiet.endMinute - m;
  if (minutesLeft <= 0) minutesLeft += 24 * 60;
  const startOfMinute = at.getTime() - (at.getTime() % 60_000);
  return new Date(startOfMinute + minutesLeft * 60_000);
}

/**
 * When a deferred alert should go: at the end of quiet hours plus a share of `spreadMs`, so a
 * night's backlog does not all hit the provider (and people's phones) at 08:00:00.
 * `slot` in [0, 1) picks the share; pass the recipient's position in the batch.
 */
export function deferredSendTime(at: Date, quiet: QuietHours | null, slot: number, spreadMs = 30 * 60_000): Date {
  if (!isQuiet(at, quiet)) return at;
  const end = quietHoursEnd(at, quiet);
  const share = Math.min(Math.max(slot, 0), 0.999999);
  return new Date(end.getTime() + Math.floor(share * spreadMs));
}
