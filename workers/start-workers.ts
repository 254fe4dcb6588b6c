import { Worker, type Processor } from 'bullmq';
import type { AppContext } from '../src/context.js';
import { queueNames, type QueueName } from '../src/queues/catalog.js';
import { createInboundReader, maintenanceProcessor, matchProcessor, notifyProcessor, reconcileProcessor, reminderProcessor } from './processors.js';

/**
 * How many jobs each queue runs at once in one process. Inbound and notify wait on the
 * network (database, provider) far more than on CPU; matching is one heavy query per job,
 * so a couple at a time keeps PostgreSQL responsive on a small machine.
 */
// notify: NOTIFY_CONCURRENCY's default (the setting decides); inbound: the least, batches decide (INBOUND_BATCH_MAX × INBOUND_BATCHES_AT_ONCE).
export const CONCURRENCY: Record<QueueName, number> = { inbound: 8, match: 2, notify: 8, maintenance: 1, reminder: 2, reconcile: 1 };

const SWEEP_EVERY_MS = 60_000;
// Each prune run deletes a bounded amount; hourly runs work off a backlog and then find little.
const PRUNE_EVERY_MS = 3600_000;

export interface RunningWorkers {
  workers: Worker[];
  close(): Promise<void>;
}

/** Starts every queue's worker on the shared context, and the periodic sweep. */
export async function startWorkers(ctx: AppContext, only: QueueName[] = [...queueNames]): Promise<RunningWorkers> {
  // Workers block on Redis and must wait through an outage (maxRetriesPerRequest: null); the
  // commands connection, which fails fast, is for requests and producers.
  const connection = ctx.workerRedis();
  const prefix = ctx.config.QUEUE_PREFIX;
  let notifyWorker: Worker | undefined;
  const reader = createInboundReader(ctx);
  const processors: Record<QueueName, Processor> = {
    inbound: reader.processor,
    match: matchProcessor(ctx),
    notify: notifyProcessor(ctx, () => notifyWorker!),
    maintenance: maintenanceProcessor(ctx),
    reminder: reminderProcessor(ctx),
    reconcile: reconcileProcessor(ctx),
  };
  const workers = only.map((name) => {
    // A notify job holds its lock while it sends; when its process dies the job is taken over
    // once the lock lapses. The claim in the database keeps the take-over from sending twice.
    const lock = name === 'notify' ? { lockDuration: ctx.config.NOTIFY_LOCK_MS, stalledInterval: ctx.config.NOTIFY_LOCK_MS } : {};
    // Inbound jobs are gathered into batches: enough of them at once to fill the batches.
    const concurrency =
      name === 'inbound'
        ? Math.max(CONCURRENCY.inbound, ctx.config.INBOUND_BATCH_MAX * ctx.config.INBOUND_BATCHES_AT_ONCE)
        : name === 'notify'
          ? ctx.config.NOTIFY_CONCURRENCY
          : CONCURRENCY[name];
    const w = new Worker(name, processors[name], { connection, prefix, concurrency, ...lock });
    w.on('failed', (job, err) => ctx.log.warn({ queue: name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed'));
    w.on('error', (err) => {
      // Losing Redis is logged once by the connection (src/context.ts), not by each worker on every retry.
      if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EHOSTUNREACH|Connection is closed/.test(err.message)) return;
      ctx.log.error({ queue: name, err: err.message }, 'worker error');
    });
    if (name === 'notify') notifyWorker = w;
    return w;
  });
  // The texts this process's webhook stores go to its own inbound batches without a job
  // (docs/reply-storm.md, round 4); a process without the inbound worker queues them as before.
  const handsOver = only.includes('inbound') && ctx.config.INBOUND_HANDOFF;
  if (handsOver) ctx.services.inbound.attachLocalReader(reader.local);
  // Job schedulers (not setIntervals) so that several worker processes run one sweep, not N.
  // They live in Redis: after a Redis restart that lost its data they are put back on reconnect.
  const ensureSchedulers = async () => {
    if (only.includes('maintenance')) {
      const maintenance = ctx.queues.queue('maintenance');
      await maintenance.upsertJobScheduler('sweep', { every: SWEEP_EVERY_MS }, { name: 'maintenance', data: { task: 'sweep' } });
      if (ctx.config.RETENTION_DAYS > 0 || ctx.config.MESSAGE_BODY_RETENTION_DAYS > 0) {
        await maintenance.upsertJobScheduler('prune', { every: PRUNE_EVERY_MS }, { name: 'maintenance', data: { task: 'prune' } });
      } else {
        await maintenance.removeJobScheduler('prune');
      }
    }
    if (only.includes('reconcile')) {
      await ctx.queues
        .queue('reconcile')
        .upsertJobScheduler('reconcile', { every: ctx.config.RECONCILE_EVERY_MS }, { name: 'reconcile', data: { task: 'reconcile' } });
    }
  };
  // With Redis away at start this waits REDIS_COMMAND_TIMEOUT_MS at most: the process starts,
  // and the schedulers are written when Redis is back (BullMQ itself would wait without end).
  const tryEnsure = async () => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('Redis did not answer')), ctx.config.REDIS_COMMAND_TIMEOUT_MS);
    });
    await Promise.race([ensureSchedulers(), timeout])
      .catch((err: Error) => ctx.log.warn({ err: err.message }, 'job schedulers not written yet; they will be when Redis answers'))
      .finally(() => clearTimeout(timer));
  };
  const onReady = () => void tryEnsure();
  ctx.redis.on('ready', onReady);
  await tryEnsure();
  let closing: Promise<void> | undefined;
  return {
    workers,
    close() {
      // Stop taking jobs at once; running jobs finish first. Idempotent like BullMQ's own close().
      ctx.redis.off('ready', onReady);
      // Texts stored from now on are queued (for the next process); those handed over are read.
      if (handsOver) ctx.services.inbound.attachLocalReader(null);
      closing ??= Promise.all([...workers.map((w) => w.close()), reader.close()]).then(() => undefined);
      return closing;
    },
  };
}
