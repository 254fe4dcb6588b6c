import type { Config } from '../../config.js';
import type { Db } from '../../db/prisma.js';
import { sendTimeFor } from '../../domain/send-rules.js';
import { PRIORITY } from '../../queues/catalog.js';
import type { QueueClient } from '../../queues/queue-client.js';

/**
 * The one producer of notify jobs (part of the outbox: `createOutbox` hands these out).
 *
 * A job carries up to 1,000 notification ids (SendSms takes up to 1,000 numbers that share
 * variables). Its id is `<scope>-<first id>[-<tag>]`: scope `c<campaign id>` for a campaign's
 * messages, `n` for the rest; no tag for the first queuing, so queuing the same messages again
 * (a re-run after a crash, the maintenance sweep) is a no-op while the job exists (BullMQ keeps
 * the first of two adds with one id); a tag makes a new job on purpose: `single` and
 * `rest-<job id>` for a batch split after one bad number, `r<ms>` / `q<ms>` for the
 * reconciler's put-back and lost messages. Two jobs holding one message send it once anyway:
 * only the job that claims it sends it.
 */

/** SendSms carries up to 1,000 numbers that share variables: one notify job per call. */
export const NOTIFY_CHUNK = 1000;

/** Replies a notify job carries at most: SendBatchSms's 100 numbers (see `enqueueReplies`). */
export const REPLY_JOB_MAX = 100;

export interface NotifyJob {
  /** In the order to send; the first names the job. */
  ids: readonly (bigint | string)[];
  campaignId?: number | null;
  tag?: string;
  /** BullMQ priority (PRIORITY.reply before PRIORITY.alert); none for a split of a job that had none. */
  priority: number | undefined;
  delayMs?: number;
}

export function notifyJobId({ ids, campaignId, tag }: Pick<NotifyJob, 'ids' | 'campaignId' | 'tag'>): string {
  return `${campaignId == null ? 'n' : `c${campaignId}`}-${ids[0]}${tag ? `-${tag}` : ''}`;
}

function chunks<T>(ids: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < ids.length; i += NOTIFY_CHUNK) out.push(ids.slice(i, i + NOTIFY_CHUNK));
  return out;
}

export interface NotifyJobsDeps {
  config: Pick<Config, 'QUIET_HOURS' | 'QUIET_HOURS_SPREAD_MS'>;
  db: Db;
  queues: Pick<QueueClient, 'add' | 'addBulk'>;
}

export function createNotifyJobs({ config, db, queues }: NotifyJobsDeps) {
  /** Adds the jobs (none, one or many) under the one id scheme. */
  async function add(jobs: NotifyJob[]): Promise<number> {
    const entries = jobs.map((j) => ({
      payload: { notificationIds: j.ids.map(String) },
      opts: { jobId: notifyJobId(j), priority: j.priority, ...(j.delayMs !== undefined ? { delay: j.delayMs } : {}) },
    }));
    if (entries.length === 1) await queues.add('notify', entries[0]!.payload, entries[0]!.opts);
    else await queues.addBulk('notify', entries);
    return entries.length;
  }

  /** Queues a direct message (reply, notice, code) for sending; these go ahead of broadcasts. */
  async function enqueue(notificationId: string): Promise<void> {
    await add([{ ids: [notificationId], priority: PRIORITY.reply }]);
  }

  /** Queues many direct messages at once (one job each, one round trip). */
  async function enqueueMany(notificationIds: readonly string[]): Promise<void> {
    if (notificationIds.length) await add(notificationIds.map((id) => ({ ids: [id], priority: PRIORITY.reply })));
  }

  /**
   * Queues a batch of replies to texts as notify jobs of up to REPLY_JOB_MAX each (issue #15):
   * the notify worker claims them in one statement and sends them in one provider call per
   * template (SendBatchSms for replies whose variables differ), instead of a job, a claim and a
   * call for each. Replies are never put off for quiet hours, so no reply waits for another's.
   */
  async function enqueueReplies(notificationIds: readonly string[]): Promise<void> {
    const jobs: NotifyJob[] = [];
    for (let i = 0; i < notificationIds.length; i += REPLY_JOB_MAX) jobs.push({ ids: notificationIds.slice(i, i + REPLY_JOB_MAX), priority: PRIORITY.reply });
    if (jobs.length) await add(jobs);
  }

  /** A digest is promotional: in quiet hours it waits for the morning like any alert. */
  async function enqueueDigest(notificationId: string, at: Date): Promise<void> {
    const sendAt = sendTimeFor(at, config.QUIET_HOURS, notificationId, config.QUIET_HOURS_SPREAD_MS);
    if (sendAt > at) await add([{ ids: [notificationId], priority: PRIORITY.alert, delayMs: sendAt.getTime() - at.getTime() }]);
    else await enqueue(notificationId);
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

  /**
   * Queues notify jobs of up to 1,000 of the campaign's notifications (ids in the order to send;
   * `null`: messages outside a campaign sent the same way, a ladder's steps, docs/ladder.md).
   * Inside quiet hours each job waits for their end, at the same spread place the notify worker
   * would give it (send-rules `sendTimeFor`). Queuing again after a crash sends nothing twice
   * (same job ids; only the job that claims a message sends it). Returns the number of jobs.
   */
  async function queueSendJobs(campaignId: number | null, ids: bigint[], at: Date): Promise<number> {
    return add(
      chunks(ids).map((chunk) => {
        const sendAt = sendTimeFor(at, config.QUIET_HOURS, chunk[0]!, config.QUIET_HOURS_SPREAD_MS);
        return { ids: chunk, campaignId, priority: PRIORITY.alert, delayMs: Math.max(0, sendAt.getTime() - at.getTime()) };
      }),
    );
  }

  /**
   * Queues all of a campaign's still-queued notifications (see `queueSendJobs`). Returns how many
   * notifications the campaign has and how many jobs were queued.
   */
  async function queueCampaignSends(campaignId: number, at: Date): Promise<{ matched: number; jobs: number }> {
    const queued = await db.$queryRaw<{ id: bigint }[]>`
    SELECT id FROM notifications WHERE campaign_id = ${campaignId} AND status = 'queued' ORDER BY id`;
    const matched = await db.notification.count({ where: { campaignId } });
    const jobs = await queueSendJobs(campaignId, queued.map((q) => q.id), at);
    return { matched, jobs };
  }

  /**
   * The reconciler's messages (put back, or whose job was lost): new jobs per campaign (or per
   * message outside campaigns), tagged `<tag><ms>` so that they are added even while an old
   * job with the plain id still exists.
   */
  async function requeue(rows: { id: bigint; campaign_id: number | null; kind: string }[], tag: 'r' | 'q', at: Date): Promise<number> {
    const groups = new Map<string, { campaignId: number | null; ids: bigint[] }>();
    for (const r of rows) {
      const key = r.campaign_id === null ? `d${r.id}` : `c${r.campaign_id}`;
      const g = groups.get(key);
      if (g) g.ids.push(r.id);
      else groups.set(key, { campaignId: r.campaign_id, ids: [r.id] });
    }
    const jobs: NotifyJob[] = [];
    for (const { campaignId, ids } of groups.values()) {
      ids.sort((a, b) => (a < b ? -1 : 1));
      for (const chunk of chunks(ids)) {
        const reply = rows.find((r) => r.id === chunk[0])?.kind === 'reply';
        jobs.push({ ids: chunk, campaignId, tag: `${tag}${at.getTime()}`, priority: reply ? PRIORITY.reply : PRIORITY.alert });
      }
    }
    return add(jobs);
  }

  /** A batch rejected for one bad number: each message on its own, and the calls after it as one job. */
  async function split(single: readonly string[], rest: readonly string[], parentJobId: string, priority: number | undefined): Promise<void> {
    await add([
      ...single.map((id) => ({ ids: [id], tag: 'single', priority })),
      ...(rest.length ? [{ ids: rest, tag: `rest-${parentJobId}`, priority }] : []),
    ]);
  }

  /**
   * Calls that must wait (calling hours, a number's call limits, docs/aliyun-voice.md): one job
   * per call at the moment it may go, tagged `v<ms>` so that each wait is a job of its own.
   */
  async function enqueueCallsAt(calls: { id: bigint; campaignId: number | null; at: Date }[], now: Date): Promise<void> {
    if (!calls.length) return;
    await add(calls.map((c) => ({ ids: [c.id], campaignId: c.campaignId, tag: `v${c.at.getTime()}`, priority: PRIORITY.alert, delayMs: Math.max(0, c.at.getTime() - now.getTime()) })));
  }

  return { enqueue, enqueueMany, enqueueReplies, enqueueDigest, requeueStale, queueSendJobs, queueCampaignSends, requeue, split, enqueueCallsAt };
}

export type NotifyJobs = ReturnType<typeof createNotifyJobs>;
