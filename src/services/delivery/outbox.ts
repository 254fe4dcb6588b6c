import type { Config } from '../../config.js';
import { Prisma, type Db } from '../../db/prisma.js';
import type { NotificationStatus } from '../../generated/prisma/enums.js';
import { renderMessage, type MessageKindName, type TemplateParams } from '../../domain/message-templates.js';
import { sendTimeFor } from '../../domain/send-rules.js';
import { countSegments, withSignature } from '../../domain/sms-segments.js';
import { PRIORITY } from '../../queues/catalog.js';
import type { QueueClient } from '../../queues/queue-client.js';

/**
 * The outbox: the `notifications` table, the ledger behind every message guiyan sends.
 * Statuses only move forward: queued → sending → sent → delivered | failed (or cancelled).
 */

type Tx = Prisma.TransactionClient;

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

/** SendSms carries up to 1,000 numbers that share variables: one notify job per call. */
export const NOTIFY_CHUNK = 1000;

export interface OutboxDeps {
  config: Pick<Config, 'ALIYUN_SMS_SIGN_NAME' | 'SMS_TEMPLATE_CODES'>;
  db: Db;
  queues: Pick<QueueClient, 'add'>;
}

export interface DirectMessage<K extends MessageKindName = MessageKindName> {
  /** Business key: the same key twice creates one message (e.g. `reply:<inbound id>`). */
  dedupeKey: string;
  kind: 'reply' | 'employer_notice' | 'verification' | 'alert';
  workerId: number | null;
  phone: string;
  message: K;
  params: TemplateParams<K>;
}

/** Creates messages outside campaigns (replies, notices) and queues them for sending. */
export function createOutbox({ config, db, queues }: OutboxDeps) {
  const codes = config.SMS_TEMPLATE_CODES;

  /** Inserts the message row inside the caller's transaction; returns its id, or null if it existed. */
  async function createDirect(tx: Tx, m: DirectMessage): Promise<string | null> {
    const rendered = renderMessage(m.message, m.params as never, codes);
    const created = await tx.notification.createManyAndReturn({
      data: [
        {
          dedupeKey: m.dedupeKey,
          kind: m.kind,
          channel: 'sms',
          workerId: m.workerId,
          phone: m.phone,
          templateCode: rendered.templateCode,
          templateParams: rendered.params,
          content: rendered.text,
          segments: countSegments(withSignature(config.ALIYUN_SMS_SIGN_NAME, rendered.text)),
        },
      ],
      skipDuplicates: true,
      select: { id: true },
    });
    return created[0] ? created[0].id.toString() : null;
  }

  /** Queues a direct message for sending; replies go ahead of broadcasts. */
  async function enqueue(notificationId: string): Promise<void> {
    await queues.add('notify', { notificationIds: [notificationId] }, { jobId: `n-${notificationId}`, priority: PRIORITY.reply });
  }

  /** Queues any direct messages a crash left unqueued (status queued, older than a minute). */
  async function requeueStale(olderThanMs = 60_000): Promise<number> {
    const stale = await db.notification.findMany({
      where: { status: 'queued', campaignId: null, createdAt: { lt: new Date(Date.now() - olderThanMs) } },
      select: { id: true },
      take: 1000,
    });
    for (const n of stale) await enqueue(n.id.toString());
    return stale.length;
  }

  return { createDirect, enqueue, requeueStale };
}

export type Outbox = ReturnType<typeof createOutbox>;

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
