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
