import { Prisma, type Db } from '../../db/prisma.js';

/** One campaign (a broadcast, or a reminder's run) with where its messages are now. */
export interface CampaignProgress {
  id: number;
  status: string;
  matched: number;
  scheduledFor: Date | null;
  createdAt: Date;
  finishedAt: Date | null;
  counts: { queued: number; sent: number; delivered: number; failed: number; cancelled: number };
}

/** Campaigns of one opening or one reminder with their delivery counts, newest first. */
export async function campaignProgress(db: Db, of: { openingId: number } | { reminderId: number }): Promise<CampaignProgress[]> {
  const where = 'openingId' in of ? Prisma.sql`c.opening_id = ${of.openingId}` : Prisma.sql`c.reminder_id = ${of.reminderId}`;
  const rows = await db.$queryRaw<
    { id: number; status: string; matched: number; scheduled_for: Date | null; created_at: Date; finished_at: Date | null; queued: bigint; sent: bigint; delivered: bigint; failed: bigint; cancelled: bigint }[]
  >`
    SELECT c.id, c.status::text, c.matched, c.scheduled_for, c.created_at, c.finished_at,
           count(n.id) FILTER (WHERE n.status IN ('queued', 'sending')) AS queued,
           count(n.id) FILTER (WHERE n.status IN ('sent', 'delivered')) AS sent,
           count(n.id) FILTER (WHERE n.status = 'delivered') AS delivered,
           count(n.id) FILTER (WHERE n.status = 'failed') AS failed,
           count(n.id) FILTER (WHERE n.status = 'cancelled') AS cancelled
    FROM campaigns c LEFT JOIN notifications n ON n.campaign_id = c.id
    WHERE ${where}
    GROUP BY c.id ORDER BY c.id DESC LIMIT 200`;
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    matched: r.matched,
    scheduledFor: r.scheduled_for,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    counts: { queued: Number(r.queued), sent: Number(r.sent), delivered: Number(r.delivered), failed: Number(r.failed), cancelled: Number(r.cancelled) },
  }));
}
