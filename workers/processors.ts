import { DelayedError, RateLimitError, UnrecoverableError, type Job, type Worker } from 'bullmq';
import type { AppContext } from '../src/context.js';
import { parsePayload, type QueueName } from '../src/queues/catalog.js';
import { createBatcher } from '../src/services/inbound/inbound-batcher.js';
import type { LocalReader } from '../src/services/inbound/inbound-service.js';

/** A job whose work cannot succeed by retrying (bad payload, missing row): fail it at once. */
function payloadOf<Q extends QueueName>(queue: Q, job: Job) {
  try {
    return parsePayload(queue, job.data);
  } catch (err) {
    throw new UnrecoverableError(`bad ${queue} payload: ${String(err)}`);
  }
}

/**
 * The inbound worker's reading side: the batches (src/services/inbound/inbound-batcher.ts), the
 * BullMQ processor that feeds them, and the hand-off that feeds them the texts this process's
 * webhook stores without a job (docs/reply-storm.md, round 4).
 */
export function createInboundReader(ctx: AppContext) {
  // The jobs this process runs at once are handled in batches (src/services/inbound/inbound-batcher.ts).
  const batcher = createBatcher((ids: bigint[]) => {
    ctx.metrics.inboundBatches.inc();
    ctx.metrics.inboundBatchTexts.inc(ids.length);
    return ctx.services.conversation.handleMany(ids);
  }, {
    max: ctx.config.INBOUND_BATCH_MAX,
    parallel: ctx.config.INBOUND_BATCHES_AT_ONCE,
    gatherMs: ctx.config.INBOUND_BATCH_GATHER_MS,
  });
  // Texts handed over that may wait for a batch at once: past that, the webhook queues them as
  // before (another process's worker may take them, and a crash loses no more than this many
  // to the sweep's minute).
  const waitingMax = 2 * ctx.config.INBOUND_BATCH_MAX * ctx.config.INBOUND_BATCHES_AT_ONCE;
  const handedOver = new Set<Promise<void>>();
  let open = true;

  const processor = async (job: Job) => {
    const payload = payloadOf('inbound', job);
    if ('inboundId' in payload) return batcher.submit(BigInt(payload.inboundId));
    // The texts one webhook statement stored (src/services/inbound/inbound-service.ts
    // enqueueTogether), handed to the batches in order. One that fails fails the job, which is
    // retried whole: the texts read meanwhile are skipped then (handled once, under their row lock).
    const settled = await Promise.allSettled(batcher.submitAll(payload.inboundIds.map((id) => BigInt(id))));
    const failed = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (failed.length) throw new Error(`${failed.length} of ${settled.length} texts failed: ${String(failed[0])}`);
    return { texts: settled.length };
  };

  const local: LocalReader = {
    take(ids) {
      // With Redis away the texts could be read but not answered (replies go out through the
      // notify queue): the webhook queues them instead, which fails, so the push is answered 503
      // and Aliyun pushes it again, as without the hand-off (tests/integration/edge-safety.test.ts).
      if (!open || ctx.redis.status !== 'ready' || batcher.load().waiting + ids.length > waitingMax) return false;
      // In id order and into one batch, as a job's texts are: each sender's keep theirs.
      const read = Promise.allSettled(batcher.submitAll(ids)).then(async (settled) => {
        const failed = ids.filter((_, i) => settled[i]!.status === 'rejected');
        if (!failed.length) return;
        // A text that failed is queued as the webhook would have queued it: BullMQ retries it
        // with its backoff (handling is once per text, under its row lock). If Redis is away
        // too, the sweep finds it unread a minute later.
        const why = (settled.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as unknown;
        ctx.log.warn({ texts: failed.length, err: String(why) }, 'inbound texts handed over failed: queued for a retry');
        await ctx.services.inbound.enqueueTogether(failed).catch((err: unknown) =>
          ctx.log.warn({ texts: failed.length, err: String(err) }, 'inbound texts that failed could not be queued: the sweep will'),
        );
      });
      handedOver.add(read);
      void read.finally(() => handedOver.delete(read));
      return true;
    },
  };

  return {
    processor,
    local,
    /** Takes no more texts by hand-off, and waits for those taken (a clean shutdown reads them). */
    async close(): Promise<void> {
      open = false;
      while (handedOver.size) await Promise.all([...handedOver]);
    },
  };
}

/** The BullMQ processor alone (tests and callers that do not hand texts over). */
export function inboundProcessor(ctx: AppContext) {
  return createInboundReader(ctx).processor;
}

export function matchProcessor(ctx: AppContext) {
  return async (job: Job) => {
    const payload = payloadOf('match', job);
    if ('campaignId' in payload) return ctx.services.matching.runCampaign(payload.campaignId);
    return ctx.services.matching.runWave(payload.openingId, payload.wave, payload.after);
  };
}

// Aliyun's gateway throttle carries no retry hint most of the time; one second is well under
// the minute-level windows and well over the per-second QPS window.
const DEFAULT_THROTTLE_WAIT_MS = 1000;

export function notifyProcessor(ctx: AppContext, getWorker: () => Worker) {
  return async (job: Job, token?: string) => {
    const { notificationIds } = payloadOf('notify', job);
    const attempts = job.opts.attempts ?? 1;
    const outcome = await ctx.services.notify.send(notificationIds, {
      attempt: job.attemptsMade + 1,
      finalAttempt: job.attemptsMade + 1 >= attempts,
    });
    if (outcome.type === 'done') return outcome;
    if (outcome.type === 'defer' || outcome.type === 'hold') {
      // Quiet hours at the moment of sending (a retry or a late job landing at 21:05), or the
      // day's SMS spend limit: run the same job again later, without spending an attempt.
      await job.moveToDelayed(outcome.until.getTime(), token);
      throw new DelayedError();
    }
    if (outcome.type === 'split') {
      await ctx.services.outbox.split(outcome.notificationIds, outcome.rest, String(job.id), job.opts.priority);
      return { split: outcome.notificationIds.length, rest: outcome.rest.length };
    }
    if (outcome.errorClass === 'throttled') {
      // Throttling is the provider asking us to slow down, not a failure: pause the queue for
      // every worker process for a moment and retry without spending an attempt.
      await getWorker().rateLimit(outcome.retryAfterMs ?? DEFAULT_THROTTLE_WAIT_MS);
      throw new RateLimitError();
    }
    if (outcome.errorClass === 'account') {
      // Balance or account problems stop every send until an operator resumes the queue
      // (POST /api/v1/admin/queues/notify/resume). The job goes back to the paused queue
      // without spending an attempt: it is not its fault. The alert is raised first, so that
      // whoever sees the queue paused also finds the reason.
      ctx.metrics.accountPaused.set(1);
      ctx.log.error({ code: outcome.code, message: outcome.message, jobId: job.id }, 'SMS sending PAUSED: balance or account problem; top up or fix the account, then resume the notify queue');
      await ctx.queues.queue('notify').pause();
      throw new RateLimitError();
    }
    throw new Error(`${outcome.code}: ${outcome.message}`);
  };
}

export function reconcileProcessor(ctx: AppContext) {
  return async (job: Job) => {
    payloadOf('reconcile', job);
    return ctx.services.reconcile.run();
  };
}

export function maintenanceProcessor(ctx: AppContext) {
  return async (job: Job) => {
    const { task } = payloadOf('maintenance', job);
    if (task === 'prune') return ctx.services.retention.prune();
    const inbound = await ctx.services.inbound.requeueUnprocessed();
    const replies = await ctx.services.outbox.requeueStale();
    const campaigns = await ctx.services.matching.requeuePending();
    const expired = await ctx.services.employer.expireOpenings();
    const reminders = await ctx.services.reminders.ensureScheduled();
    const idempotencyKeys = await ctx.services.idempotency.purgeExpired();
    const pausesEnded = await ctx.services.conversation.resumeExpiredPauses();
    // Village bulletins of the slots ahead, and posts to the broadcasting platform that are due (docs/bulletins.md).
    const bulletins = await ctx.services.bulletins.tick(new Date());
    // After the pauses that ended: a worker back from a pause is asked what is still due.
    const afterHire = await ctx.services.afterHire.askDue();
    return { inbound, replies, campaigns, expired: expired.length, reminders, idempotencyKeys, pausesEnded, bulletins, afterHire };
  };
}

export function reminderProcessor(ctx: AppContext) {
  return async (job: Job) => {
    const { reminderId, occurrence } = payloadOf('reminder', job);
    // Job-scheduler runs carry their slot in opts.prevMillis; explicit runs carry it in the payload.
    const at = occurrence ?? (job.opts as { prevMillis?: number }).prevMillis ?? job.timestamp + (job.opts.delay ?? 0);
    return ctx.services.reminders.runOccurrence(reminderId, new Date(at));
  };
}
