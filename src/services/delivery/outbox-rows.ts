import { Prisma } from '../../db/prisma.js';
import type { NotificationStatus } from '../../generated/prisma/enums.js';

/** The outbox's SQL fragments and the shapes of the rows its transitions return (outbox.ts). */

/** Notification ids as a SQL bigint array (job payloads carry them as strings). */
export const idArray = (ids: readonly (bigint | string)[]) => Prisma.sql`${ids.map(String)}::text[]::bigint[]`;

/**
 * `status IN (…)` for statements that find notifications by id or by provider key and only
 * check the state of what they found (the claim, the sent write, receipts, the reconciler's
 * writes). It compares the status as text so that it cannot select the partial state indexes
 * (notifications_unsettled_idx, notifications_campaign_in_flight_idx): right after a broadcast
 * is matched, the planner's statistics still count its 100,000 queued rows as a handful, and
 * given a plain `status = 'queued'` it chose to read every queued row and filter them by id
 * instead of looking up the 1,000 ids it was given. Sweeps that look for rows in a state
 * (the reconciler, a campaign's last in-flight row) keep the plain comparison and the index.
 */
export const statusIn = (states: readonly NotificationStatus[], alias?: string) =>
  Prisma.sql`${Prisma.raw(alias ? `${alias}.status` : 'status')}::text = ANY(${[...states]}::text[])`;

/** A message `claim` moved to `sending` (or cancelled: `cancel` holds the reason). */
export interface ClaimedRow {
  id: bigint;
  /** The worker prefers WeChat and is bound to it: try WeChat first, SMS if that fails. */
  wechat_open_id: string | null;
  phone: string | null;
  template_code: string;
  params_json: string;
  content: string;
  worker_id: number | null;
  campaign_id: number | null;
  kind: string;
  /** Billed SMS segments, for the day's spend. */
  segments: number;
  /** An answer to a text from a number with no worker record older than a day. */
  new_number: boolean;
  cancel: string | null;
  /** 'voice' for a call (docs/aliyun-voice.md), else the channel it was written with. */
  channel: string;
  /** A call whose worker still gets calls (has not pressed 9) while voice is on. */
  call_ok: boolean | null;
  /** The campaign's opening (a recording is chosen per opening type). */
  opening_id: number | null;
}

/** One delivery receipt, ready to store and apply (see receipts.ts). */
export interface ReceiptRow {
  biz_id: string;
  phone: string;
  success: boolean;
  err_code: string;
  err_msg: string | null;
  out_id: string | null;
  sms_size: number | null;
  report_time: string;
  raw: unknown;
}

/** A row the reconciler hands back to the queue. */
export interface RequeuedRow {
  id: bigint;
  campaign_id: number | null;
  kind: string;
}

/** One call receipt, ready to store and apply (see voice-receipts.ts). */
export interface VoiceReportRow {
  dedupe_key: string;
  call_id: string;
  out_id: string | null;
  phone: string | null;
  status_code: string;
  dtmf: string | null;
  duration: number | null;
  report_time: string;
  /** A call's result (not an intermediate state): it settles the call. */
  final: boolean;
  answered: boolean;
  reason: string | null;
  raw: unknown;
}

/** A call receipt stored for the first time, with what the keys pressed need. */
export interface VoiceReportApplied {
  dedupe_key: string;
  notification_id: bigint | null;
  dtmf: string | null;
  call_id: string;
  phone: string | null;
  worker_id: number | null;
  opening_code: string | null;
  applied: number;
  /** Calls this push failed (not answered, unreachable…), for the ladder (docs/ladder.md). */
  failed_ids: string[];
}
