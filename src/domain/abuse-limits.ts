import type { QuietHours } from '../config.js';
import type { ConversationAction } from './conversation.js';
import { TEMPLATES, type MessageKindName } from './message-templates.js';
import { sendTimeFor } from './send-rules.js';

/**
 * The rules that bound what one phone, one WeChat user or a crowd of new numbers can make the
 * service do and spend (docs/abuse-and-spend.md). Pure: the counting lives in Redis
 * (services/delivery/send-guard.ts, services/inbound/chat-memory.ts) and PostgreSQL.
 */

/** The limits, as labels of guiyan_abuse_limited_total. */
export type AbuseLimit =
  | 'reply_budget'
  | 'new_number_ceiling'
  | 'unknown_text_repeat'
  | 'bind_sender'
  | 'bind_target'
  | 'apply_rate'
  | 'text_changes';

/**
 * Messages sent because the phone itself texted us, all counted in one per-phone budget: chat
 * replies and the opening digest a profile change triggers (an alert outside any campaign).
 * Binding codes are not: the phone they go to is typed by a WeChat user, so charging them here
 * would let strangers spend a victim's budget; they have their own limits per target and per
 * sender (chat-memory). Campaign alerts, reminders and applicant notices have rules of their own.
 */
export function isAnswerToText(kind: string, campaignId: number | null): boolean {
  return campaignId === null && (kind === 'reply' || kind === 'alert');
}

/**
 * Message kinds that always go, over every budget and the spend limit: the opt-out
 * confirmations, the whole phone's and one person's of a shared phone (docs/shared-phones.md).
 */
export const ESSENTIAL_MESSAGES: readonly MessageKindName[] = ['unsubscribed', 'person_unsubscribed'];

/** Template codes of the essential messages, as stored on notifications. */
export function essentialTemplateCodes(codes: Partial<Record<MessageKindName, string>>): Set<string> {
  return new Set(ESSENTIAL_MESSAGES.map((k) => codes[k] ?? TEMPLATES[k].defaultCode));
}

/** The spend limit in billed segments; 0 = no limit (no limit set, or SMS priced at nothing). */
export function spendThresholds(limitYuan: number, pricePerSegment: number, warnPercent: number): { limitSegments: number; warnSegments: number } {
  const limitSegments = spendLimitSegments(limitYuan, pricePerSegment);
  return { limitSegments, warnSegments: Math.ceil((limitSegments * warnPercent) / 100) };
}

export function spendLimitSegments(limitYuan: number, pricePerSegment: number): number {
  if (limitYuan <= 0 || pricePerSegment <= 0) return 0;
  return Math.max(1, Math.floor(limitYuan / pricePerSegment + 1e-9));
}

/** 0 below the warn threshold, 1 past it, 2 at the limit. */
export function spendState(spent: number, warnAt: number, limit: number): 0 | 1 | 2 {
  if (limit === 0) return 0;
  if (spent >= limit) return 2;
  return spent >= warnAt ? 1 : 0;
}

/** How often held sends look again whether the limit was raised. */
export const SPEND_HOLD_RECHECK_MS = 15 * 60_000;

/**
 * When a held send looks again: in a quarter of an hour, but never inside quiet hours, whatever
 * its kind: the day's spend starts again at Beijing midnight, and a night's backlog of held
 * replies must not wake people at 00:00.
 */
export function holdUntil(at: Date, quiet: QuietHours | null, id: bigint | string, spreadMs: number): Date {
  return sendTimeFor(new Date(at.getTime() + SPEND_HOLD_RECHECK_MS), quiet, id, spreadMs);
}

/** What a text changes about its sender: limited per day. An opt-out is never among them. */
export function isProfileChange(action: ConversationAction): boolean {
  return ['subscribe', 'add_person', 'set_skills', 'set_place', 'pause', 'resume', 'set_channel'].includes(action.type);
}

/** Applications by text: refused past the hour's or the day's limit; null when allowed. */
export function applyLimitHit(
  counts: { lastHour: number; lastDay: number },
  limits: { perHour: number; perDay: number },
): 'hour' | 'day' | null {
  if (counts.lastDay >= limits.perDay) return 'day';
  if (counts.lastHour >= limits.perHour) return 'hour';
  return null;
}

/** Why an application is flagged for the employer: shown beside the applicant. */
export const APPLICATION_FLAG_RATE = 'rate';
export const APPLICATION_FLAG_TEXT: Record<string, string> = {
  [APPLICATION_FLAG_RATE]: '这个号码短时间内报名了很多岗位（可能是群发或冒名），联系前请核实',
};
