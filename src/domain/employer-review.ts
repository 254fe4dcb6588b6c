/**
 * Station review of an employer's broadcasts (docs/honest-posts.md): per workshop, a station or
 * an admin sets `reviewBroadcasts`: 'off'; 'unverified' (broadcasts wait for a station's review
 * while no station has checked the employer); 'always' (the employer is flagged: every broadcast
 * waits). A waiting broadcast is held the way open cases hold one (docs/cases.md): status
 * `held`, no match job, released or turned down by a station. Pure.
 */

export const REVIEW_MODES = ['off', 'unverified', 'always'] as const;
export type ReviewMode = (typeof REVIEW_MODES)[number];

export const REVIEW_MODE_LABEL: Record<ReviewMode, string> = {
  off: '不用审核，直接发送',
  unverified: '核验之前，每次发送先由就业站审核',
  always: '每次发送都先由就业站审核（重点关注）',
};

/** held_reason of a broadcast held for review; `open cases of N workers` is a hold of docs/cases.md. */
export const REVIEW_HOLD = { unverified: 'review: employer not verified', always: 'review: employer flagged for review' } as const;

/** Why a new broadcast must wait for review, or null when it may go. */
export function reviewHold(w: { reviewBroadcasts: string; verifiedAt: Date | null }): string | null {
  if (w.reviewBroadcasts === 'always') return REVIEW_HOLD.always;
  if (w.reviewBroadcasts === 'unverified' && w.verifiedAt === null) return REVIEW_HOLD.unverified;
  return null;
}

/** A held broadcast's reason in words for a station. */
export function heldReasonText(reason: string | null): string {
  if (reason === REVIEW_HOLD.unverified) return '雇主还没核验';
  if (reason === REVIEW_HOLD.always) return '雇主设为每次审核';
  const cases = /^open cases of (\d+) workers$/.exec(reason ?? '');
  if (cases) return `有 ${cases[1]} 个工人反映的未结案件`;
  return '待审核';
}

/** The longest reason a station gives when it turns a broadcast down (the employer reads it). */
export const REVIEW_NOTE_MAX = 200;
