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
  /** A job id as add() stores it now (the epoch's mark added: src/queues/queue-epoch.ts). */
  jobId(id: string): string;
  /** Every id a job for `id` may have been stored under, the current epoch's first: to find or remove it. */
  jobIds(id: string): string[];
  close(): Promise<void>;
}

/** Pause between the checks that follow a suspect add (a completed job under a new job's id). */
const RECHECK_MS = 1000;

type EpochView = Pick<QueueEpoch, 'ready' | 'jobId' | 'jobIds' | 'current' | 'check'>;
const NO_EPOCH: EpochView = { ready: () => Promise.resolve(), jobId: (id) => id, jobIds: (id) => [id], current: () => 0, check: () => Promise.resolve(0) };


/**
 * The producer side of the catalog: validates each payload before it reaches Redis. With Redis
 * away, adding fails at once (or within `timeoutMs`) with UnavailableError, so a webhook
 * answers 503 and its sender pushes again, instead of waiting for a connection that BullMQ
 * would otherwise wait for without end.
 */
export function createQueueClient(connection: RedisClient, prefix: string, timeoutMs = 5000, epoch: EpochView = NO_EPOCH): QueueClient {
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
  type Entry = { name: QueueName; data: unknown; opts?: JobsOptions };
  const withEpoch = (opts: JobsOptions | undefined, at: number): JobsOptions | undefined =>
    opts?.jobId ? { ...opts, jobId: epoch.jobId(opts.jobId), timestamp: at } : opts;

  /**
   * Adds the jobs, then looks whether a job id named an old, completed job instead of ours:
   * BullMQ keeps the first of two adds with one id, so new work under a reused id would be
   * dropped. That happens when the database went back in time (a restore, a fresh database)
   * since the last epoch check: the check runs at once, and when the id sequences show the
   * database behind Redis, the epoch moves on and those jobs are added again. Otherwise the
   * completed job is a twin (a sweep or a re-push racing the worker that just finished the same
   * work), and nothing more is done: only the sequences may move the epoch.
   */
  async function addAll(name: QueueName, entries: Entry[]): Promise<void> {
    await epoch.ready();
    const q = get(name);
    for (let round = 0; ; round++) {
      const at = Date.now();
      const used = epoch.current();
      const jobs = entries.map((e) => ({ name, data: e.data, opts: withEpoch(e.opts, at) }));
      await failFast(name, () => (jobs.length === 1 ? q.add(name, jobs[0]!.data, jobs[0]!.opts) : q.addBulk(jobs)).then(() => undefined));
      const named = jobs.map((j, i) => ({ i, id: j.opts?.jobId })).filter((j): j is { i: number; id: string } => typeof j.id === 'string');
      if (named.length === 0 || round > 0) return;
      const fields = ['timestamp', 'finishedOn', 'failedReason'] as const;
      // One job (the common case: a webhook's queue call) is one HMGET: an ioredis pipeline costs
      // more to build than the command (docs/reply-storm.md, round 7).
      const seen: [Error | null, unknown][] =
        named.length === 1
          ? [[null, await failFast(name, () => connection.hmget(q.toKey(named[0]!.id), ...fields))]]
          : ((await failFast(name, () => {
              const pipeline = connection.pipeline();
              for (const j of named) pipeline.hmget(q.toKey(j.id), ...fields);
              return pipeline.exec();
            })) ?? []);
      const others = named
        .map((j, k) => {
          const [err, v] = seen[k] ?? [null, null];
          const [ts, finishedOn, failedReason] = (err ? [null, null, null] : v) as (string | null)[];
          const completed = finishedOn !== null && finishedOn !== undefined && !failedReason;
          return { ...j, ts: Number(ts), completed };
        })
        .filter((j) => j.completed && j.ts !== at);
      if (others.length === 0) return;
      const suspects = others.map((o) => entries[o.i]!);
      const now = await epoch.check().catch(() => null);
      if (now === null || now === used) {
        // The check fails while the database is away (a restore cuts every connection): ask
        // again a few times, and add the jobs again once the epoch has moved. A twin (a sweep
        // that raced the worker) never moves it; if this process dies first, the sweeps re-queue
        // the work under the new epoch.
        recheckLater(name, suspects, used, 5);
        return;
      }
      entries = suspects;
    }
  }

  function recheckLater(name: QueueName, suspects: Entry[], used: number, tries: number): void {
    setTimeout(() => {
      const again = () => (tries > 1 ? recheckLater(name, suspects, used, tries - 1) : undefined);
      epoch.check().then((later) => (later !== used ? void addAll(name, suspects).catch(() => undefined) : again()), again);
    }, RECHECK_MS).unref();
  }

  return {
    async add(name, payload, opts) {
      await addAll(name, [{ name, data: parsePayload(name, payload), opts }]);
    },
    async addBulk(name, jobs) {
      if (jobs.length === 0) return;
      await addAll(name, jobs.map((j) => ({ name, data: parsePayload(name, j.payload), opts: j.opts })));
    },
    queue: get,
    jobId: (id) => epoch.jobId(id),
    jobIds: (id) => epoch.jobIds(id),
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}
