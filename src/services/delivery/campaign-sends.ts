import type { Config } from '../../config.js';
import type { Db } from '../../db/prisma.js';
import { sendTimeFor } from '../../domain/send-rules.js';
import { PRIORITY } from '../../queues/catalog.js';
import type { QueueClient } from '../../queues/queue-client.js';

/** SendSms carries up to 1,000 numbers that share variables: one notify job per call. */
export const NOTIFY_CHUNK = 1000;

export interface CampaignSendDeps {
  config: Pick<Config, 'QUIET_HOURS' | 'QUIET_HOURS_SPREAD_MS'>;
  db: Db;
  queues: Pick<QueueClient, 'addBulk'>;
}

/**
 * Queues notify jobs of up to 1,000 of the campaign's notifications (ids in the order to send).
 * Inside quiet hours each job waits for their end, at the same spread place the notify worker
 * would give it (send-rules `sendTimeFor`). Job ids come from the campaign and the first id, and
 * a message is sent only by the job that claims it, so queuing again after a crash sends
 * nothing twice. Returns the number of jobs.
 */
export async function queueSendJobs({ config, queues }: Omit<CampaignSendDeps, 'db'>, campaignId: number, ids: bigint[], at: Date): Promise<number> {
  const chunks: bigint[][] = [];
  for (let i = 0; i < ids.length; i += NOTIFY_CHUNK) chunks.push(ids.slice(i, i + NOTIFY_CHUNK));
  if (chunks.length === 0) return 0;
  await queues.addBulk(
    'notify',
    chunks.map((chunk) => {
      const sendAt = sendTimeFor(at, config.QUIET_HOURS, chunk[0]!, config.QUIET_HOURS_SPREAD_MS);
      return {
        payload: { notificationIds: chunk.map(String) },
        opts: { jobId: `c${campaignId}-${chunk[0]}`, priority: PRIORITY.alert, delay: Math.max(0, sendAt.getTime() - at.getTime()) },
      };
    }),
  );
  return chunks.length;
}

/**
 * Queues all of a campaign's still-queued notifications (see `queueSendJobs`). Returns how many
 * notifications the campaign has and how many jobs were queued.
 */
export async function queueCampaignSends(deps: CampaignSendDeps, campaignId: number, at: Date): Promise<{ matched: number; jobs: number }> {
  const queued = await deps.db.$queryRaw<{ id: bigint }[]>`
    SELECT id FROM notifications WHERE campaign_id = ${campaignId} AND status = 'queued' ORDER BY id`;
  const matched = await deps.db.notification.count({ where: { campaignId } });
  const jobs = await queueSendJobs(deps, campaignId, queued.map((q) => q.id), at);
  return { matched, jobs };
}

/**
 * Completes a campaign that is sending and has nothing left queued or in flight. Called by
 * whoever may have made the last move: the notify job that sent the last message, and the
 * matcher once it has queued everything (its jobs may all have finished before that).
 */
export async function finishCampaignIfDone(db: Db, campaignId: number): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE campaigns SET status = 'completed', finished_at = now()
    WHERE id = ${campaignId} AND status = 'sending'
      AND NOT EXISTS (SELECT 1 FROM notifications WHERE campaign_id = ${campaignId} AND status IN ('queued', 'sending'))`;
  return n > 0;
}
