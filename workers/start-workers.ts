import { Worker, type Processor } from 'bullmq';
import type { AppContext } from '../src/context.js';
import type { QueueName } from '../src/queues/catalog.js';
import { inboundProcessor, maintenanceProcessor, matchProcessor, notifyProcessor, reminderProcessor } from './processors.js';

/**
 * How many jobs each queue runs at once in one process. Inbound and notify wait on the
 * network (database, provider) far more than on CPU; matching is one heavy query per job,
 * so a couple at a time keeps PostgreSQL responsive on a small machine.
 */
export const CONCURRENCY: Record<QueueName, number> = { inbound: 8, match: 2, notify: 8, maintenance: 1, reminder: 2 };

const SWEEP_EVERY_MS = 60_000;

export interface RunningWorkers {
  workers: Worker[];
  close(): Promise<void>;
}

/** Starts every queue's worker on the shared context, and the periodic sweep. */
export async function startWorkers(ctx: AppContext, only: QueueName[] = ['inbound', 'match', 'notify', 'maintenance', 'reminder']): Promise<RunningWorkers> {
  const connection = ctx.redis;
  const prefix = ctx.config.QUEUE_PREFIX;
  let notifyWorker: Worker | undefined;
  const processors: Record<QueueName, Processor> = {
    inbound: inboundProcessor(ctx),
    match: matchProcessor(ctx),
    notify: notifyProcessor(ctx, () => notifyWorker!),
    maintenance: maintenanceProcessor(ctx),
    reminder: reminderProcessor(ctx),
  };
  const workers = only.map((name) => {
    const w = new Worker(name, processors[name], { connection, prefix, concurrency: CONCURRENCY[name] });
    w.on('failed', (job, err) => ctx.log.warn({ queue: name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed'));
    w.on('error', (err) => ctx.log.error({ queue: name, err: err.message }, 'worker error'));
    if (name === 'notify') notifyWorker = w;
    return w;
  });
  if (only.includes('maintenance')) {
    // A job scheduler (not a setInterval) so that several worker processes run one sweep, not N.
    await ctx.queues.queue('maintenance').upsertJobScheduler('sweep', { every: SWEEP_EVERY_MS }, { name: 'maintenance', data: { task: 'sweep' } });
  }
  let closing: Promise<void> | undefined;
  return {
    workers,
    close() {
      // Workers finish their current jobs before closing; idempotent like BullMQ's own close().
      closing ??= Promise.all(workers.map((w) => w.close())).then(() => undefined);
      return closing;
    },
  };
}
