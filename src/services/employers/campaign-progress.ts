import { Prisma, type Db } from '../../db/prisma.js';
import { DELIVERY_COUNTS_SQL, deliveryCounts, type DeliveryCountColumns, type DeliveryCounts } from './delivery-counts.js';

/** One campaign (a broadcast, or a reminder's run) with where its messages are now. */
export interface CampaignProgress {
  id: number;
  /** 1 for the opening's (or reminder's) first campaign, 2 for the next, … (the id is global). */
  seq: number;
  status: string;
  matched: number;
  scheduledFor: Date | null;
  createdAt: Date;
  finishedAt: Date | null;
  /** Why a station turned the broadcast down after review; the employer reads it (docs/honest-posts.md). */
  reviewNote: string | null;
  counts: DeliveryCounts;
}

/** Campaigns of one opening or one reminder with their delivery counts, newest first. */
export async function campaignProgress(db: Db, of: { openingId: number } | { reminderId: number }): Promise<CampaignProgress[]> {
  const where = 'openingId' in of ? Prisma.sql`c.opening_id = ${of.openingId}` : Prisma.sql`c.reminder_id = ${of.reminderId}`;
  const rows = await db.$queryRaw<
    ({ id: number; seq: bigint; status: string; matched: number; scheduled_for: Date | null; created_at: Date; finished_at: Date | null; review_note: string | null } & DeliveryCountColumns)[]
  >`
    SELECT c.id, row_number() OVER (ORDER BY c.id) AS seq, c.status::text, c.matched, c.scheduled_for, c.created_at, c.finished_at, c.review_note, ${DELIVERY_COUNTS_SQL}
    FROM campaigns c LEFT JOIN notifications n ON n.campaign_id = c.id
    WHERE ${where}
    GROUP BY c.id ORDER BY c.id DESC LIMIT 200`;
  return rows.map((r) => ({
    id: r.id,
    seq: Number(r.seq),
    status: r.status,
    matched: r.matched,
    scheduledFor: r.scheduled_for,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    reviewNote: r.review_note,
    counts: deliveryCounts(r),
  }));
}
