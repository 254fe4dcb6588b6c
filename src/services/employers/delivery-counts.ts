import { Prisma, type Db } from '../../db/prisma.js';

/**
 * Where a campaign's or an opening's messages are, as employers and operators see them:
 * defined here once and used by every count (campaign progress, opening and campaign totals,
 * the console overview). Over notifications aliased `n`; count(n.id) so a LEFT JOIN with no
 * messages counts 0.
 */
const STATES = {
  /** Waiting to go: queued, or being sent now. */
  queued: `n.status IN ('queued', 'sending')`,
  /** Accepted by the provider: sent, whether or not a receipt has said delivered yet. */
  sent: `n.status IN ('sent', 'delivered')`,
  delivered: `n.status = 'delivered'`,
  failed: `n.status = 'failed'`,
  cancelled: `n.status = 'cancelled'`,
} as const;

export type DeliveryState = keyof typeof STATES;
export type DeliveryCounts = Record<DeliveryState, number>;
/** The columns DELIVERY_COUNTS_SQL adds to a row. */
export type DeliveryCountColumns = Record<DeliveryState, bigint | null>;

/** The five counts as select-list columns named queued, sent, delivered, failed, cancelled. */
export const DELIVERY_COUNTS_SQL = Prisma.raw(
  Object.entries(STATES)
    .map(([name, where]) => `count(n.id) FILTER (WHERE ${where}) AS ${name}`)
    .join(', '),
);

/** The `sent` state as a condition, for sums over sent messages (segments billed, WeChat share). */
export const SENT_SQL = Prisma.raw(STATES.sent);

/** The counts of a row that selected DELIVERY_COUNTS_SQL (none when there was no row). */
export function deliveryCounts(row: Partial<DeliveryCountColumns> | undefined): DeliveryCounts {
  const n = (k: DeliveryState) => Number(row?.[k] ?? 0);
  return { queued: n('queued'), sent: n('sent'), delivered: n('delivered'), failed: n('failed'), cancelled: n('cancelled') };
}

/** What an SMS was for, as the overview lists the day's bill: a digest is an alert outside a campaign. */
export const SMS_KINDS = ['alert', 'digest', 'reply', 'employer_notice', 'verification', 'reminder'] as const;
export type SmsKind = (typeof SMS_KINDS)[number];
export type SmsPaid = Record<SmsKind, { messages: number; segments: number }>;

/**
 * Every SMS the account paid for that was handed to the provider in [from, to), by kind: the
 * ledger's sent and delivered SMS (WeChat is free) and their billed segments.
 */
export async function smsPaidByKind(db: Db, from: Date, to: Date): Promise<SmsPaid> {
  const rows = await db.$queryRaw<{ kind: SmsKind; messages: bigint; segments: bigint | null }[]>`
    SELECT CASE WHEN n.kind = 'alert' AND n.campaign_id IS NULL THEN 'digest' ELSE n.kind::text END AS kind,
           count(*) AS messages, sum(n.segments) AS segments
    FROM notifications n
    WHERE n.channel = 'sms' AND ${SENT_SQL} AND n.sent_at >= ${from} AND n.sent_at < ${to}
    GROUP BY 1`;
  const out = Object.fromEntries(SMS_KINDS.map((k) => [k, { messages: 0, segments: 0 }])) as SmsPaid;
  for (const r of rows) if (r.kind in out) out[r.kind] = { messages: Number(r.messages), segments: Number(r.segments ?? 0) };
  return out;
}
