import { Queue, type JobsOptions } from 'bullmq';
import type { RedisClient } from '../redis.js';
import { UnavailableError } from '../errors.js';
import { parsePayload, queueNames, type JobPayload, type QueueName } from './catalog.js';
import type { QueueEpoch } from './queue-epoch.js';

// Completed jobs are kept briefly for dashboards, failed ones longer for diagnosis; keeping
// them forever would grow Redis without bound (BullMQ's going-to-production guide).
const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 50_000 },
};

export interface QueueClient {
  add<Q extends QueueName>(name: Q, payload: JobPayload<Q>, opts?: JobsOptions): Promise<void>;
  addBulk<Q extends QueueName>(name: Q, jobs: { payload: JobPayload<Q>; opts?: JobsOptions }[]): Promise<void>;
  queue(name: QueueName): Queue;
  /** A job id as add() stores it (the epoch's mark added: src/queues/queue-epoch.ts), to look the job up. */
  jobId(id: string): string;
  close(): Promise<void>;
}

const NO_EPOCH: Pick<QueueEpoch, 'ready' | 'jobId'> = { ready: () => Promise.resolve(), jobId: (id) => id };

/**
 * The producer side of the catalog: validates each payload before it reaches Redis. With Redis
 * away, adding fails at once (or within `timeoutMs`) with UnavailableError, so a webhook
 * answers 503 and its sender pushes again, instead of waiting for a connection that BullMQ
 * would otherwise wait for without end.
 */
export function createQueueClient(connection: RedisClient, prefix: string, timeoutMs = 5000, epoch: Pick<QueueEpoch, 'ready' | 'jobId'> = NO_EPOCH): QueueClient {
  const queues = new Map<QueueName, Queue>(
    queueNames.map((name) => {
      const q = new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      // Connection errors are the connection's to report (src/context.ts logs an outage once);
      // without a listener BullMQ prints each one to stderr.
      q.on('error', () => undefined);
      return [name, q] as const;
    }),
  );
  const get = (name: QueueName): Queue => {
    const q = queues.get(name);
    if (!q) throw new Error(`unknown queue ${String(name)}`);
    return q;
  };
  const failFast = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    if (connection.status !== 'ready') throw new UnavailableError('redis.unavailable', `Redis is unavailable (${connection.status}); could not queue ${what}`);
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        run(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new UnavailableError('redis.unavailable', `Redis did not answer within ${timeoutMs} ms; could not queue ${what}`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  };
  const withEpoch = (opts: JobsOptions | undefined): JobsOptions | undefined => (opts?.jobId ? { ...opts, jobId: epoch.jobId(opts.jobId) } : opts);
  return {
    async add(name, payload, opts) {
      const data = parsePayload(name, payload);
      await epoch.ready();
      await failFast(name, () => get(name).add(name, data, withEpoch(opts)));
    },
    async addBulk(name, jobs) {
      if (jobs.length === 0) return;
      const data = jobs.map((j) => ({ name, data: parsePayload(name, j.payload), opts: j.opts }));
      await epoch.ready();
      await failFast(name, () => get(name).addBulk(data.map((d) => ({ ...d, opts: withEpoch(d.opts) }))));
    },
    queue: get,
    jobId: (id) => epoch.jobId(id),
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}
