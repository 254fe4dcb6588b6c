import { Prisma } from '../../db/prisma.js';

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
