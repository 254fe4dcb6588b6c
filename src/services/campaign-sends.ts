import type { Config } from '../config.js';
import type { Db } from '../db/prisma.js';
import { sendTimeFor } from '../domain/send-rules.js';
import { PRIORITY } from '../queues/catalog.js';
import type { QueueClient } from '../queues/queue-client.js';

/** SendSms carries up to 1,000 numbers that share variables: one notify job per call. */
export const NOTIFY_CHUNK = 1000;

export interface CampaignSendDeps {
  config: Pick<Config, 'QUIET_HOURS' | 'QUIET_HOURS_SPREAD_MS'>;
  db: Db;
  queues: Pick<QueueClient, 'addBulk'>;
}

/**
 * Queues a campaign's still-queued notifications as notify jobs of up to 1,000 ids. Inside quiet
 * hours each job waits for their end, at the same spread place the notify worker would give it
 * (send-rules `sendTimeFor`). Job ids come from the campaign and the first id, and a message is
 * sent only by the job that claims it, so queuing again after a crash sends nothing twice.
 * Returns how many notifications the campaign has and how many jobs were queued.
 */
export async function queueCampaignSends({ config, db, queues }: CampaignSendDeps, campaignId: number, at: Date): Promise<{ matched: number; jobs: number }> {
  const queued = await db.notification.findMany({ where: { campaignId, status: 'queued' }, select: { id: true }, orderBy: { id: 'asc' } });
  const matched = await db.notification.count({ where: { campaignId } });
  const chunks: bigint[][] = [];
  for (let i = 0; i < queued.length; i += NOTIFY_CHUNK) chunks.push(queued.slice(i, i + NOTIFY_CHUNK).map((q) => q.id));
  await queues.addBulk(
    'notify',
    chunks.map((ids) => {
      const sendAt = sendTimeFor(at, config.QUIET_HOURS, ids[0]!, config.QUIET_HOURS_SPREAD_MS);
      return {
        payload: { notificationIds: ids.map(String) },
        opts: { jobId: `c${campaignId}-${ids[0]}`, priority: PRIORITY.alert, delay: Math.max(0, sendAt.getTime() - at.getTime()) },
      };
    }),
  );
  return { matched, jobs: chunks.length };
}
