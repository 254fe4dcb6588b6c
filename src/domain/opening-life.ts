/**
 * An opening's life: draft → open → filled / closed / expired. Pure rules the services
 * apply; closing and filling by hand are the matching service's (they also stop pending sends).
 */
export type OpeningStatusName = 'draft' | 'open' | 'filled' | 'closed' | 'expired';

const NEXT: Record<OpeningStatusName, readonly OpeningStatusName[]> = {
  draft: ['open', 'closed', 'expired'],
  open: ['filled', 'closed', 'expired'],
  // Reopening: a hire fell through, or the employer needs more people after all.
  filled: ['open', 'closed'],
  closed: ['open'],
  expired: ['open'],
};

/** Whether an opening may move from one status to another. */
export function canMoveOpening(from: OpeningStatusName, to: OpeningStatusName): boolean {
  return NEXT[from].includes(to);
}

/** Statuses in which pending alerts must stop. */
export const STOPPED_STATUSES: readonly OpeningStatusName[] = ['filled', 'closed', 'expired'];

/** Whether hires fill the opening: hired people reach the headcount. */
export function isFilled(hired: number, headcount: number): boolean {
  return hired >= headcount;
}

/** What liveness reads of an opening. */
export interface OpeningLife {
  status: OpeningStatusName;
  expiresAt: Date | null;
  dayLabour: boolean;
  startsAt: Date | null;
}

/**
 * Whether an opening is live, that is may be offered, broadcast and applied to: open, not past
 * its expiry, and, for day labour, not yet started. The one statement of the rule; database
 * filters that say the same are `liveOpeningWhere` (services/matching/reverse-match.ts).
 */
export function isLive(o: OpeningLife, now: Date): boolean {
  if (o.status !== 'open') return false;
  if (o.expiresAt && o.expiresAt <= now) return false;
  return !(o.dayLabour && o.startsAt && o.startsAt <= now);
}
