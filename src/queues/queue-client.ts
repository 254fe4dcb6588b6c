import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { parsePayload, queueNames, type JobPayload, type QueueName } from './catalog.js';

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
  close(): Promise<void>;
}

/** The producer side of the catalog: validates each payload before it reaches Redis. */
export function createQueueClient(connection: Redis, prefix: string): QueueClient {
  const queues = new Map<QueueName, Queue>(
    queueNames.map((name) => [name, new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS })]),
  );
  const get = (name: QueueName): Queue => {
    const q = queues.get(name);
    if (!q) throw new Error(`unknown queue ${String(name)}`);
    return q;
  };
  return {
    async add(name, payload, opts) {
      const data = parsePayload(name, payload);
      await get(name).add(name, data, opts);
    },
    async addBulk(name, jobs) {
      if (jobs.length === 0) return;
      await get(name).addBulk(jobs.map((j) => ({ name, data: parsePayload(name, j.payload), opts: j.opts })));
    },
    queue: get,
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}
