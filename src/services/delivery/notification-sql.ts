import type { NotificationStatus } from '../../generated/prisma/enums.js';
import { Prisma } from '../../db/prisma.js';

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
