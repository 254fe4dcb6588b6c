import type { Logger } from 'pino';
import type { Db } from '../db/prisma.js';
import type { RedisClient } from '../redis.js';

/**
 * Job ids come from database ids (`in-<inbound>`, `match-<campaign>`, `c<campaign>-<first
 * notification>`, `wave-<opening>-<wave>` …) so that queuing the same work twice adds one job:
 * BullMQ keeps the first of two adds with one id, and keeps a finished job for a day. That holds
 * only while the database moves forward. A database restored from a backup, or a fresh database
 * beside an older Redis, hands out the same ids again, and Redis would drop the new work as a
 * duplicate of a job it remembers — and so would every sweep that re-queues it.
 *
 * The epoch tells the two apart. The database keeps a generation counter (table
 * queue_generation) that only ever counts up: every few seconds each process reads the value
 * Redis last saw, then counts the database's up by one and tells Redis. A database whose value
 * (before the count) is below what Redis saw must have gone back in time — Redis learns each
 * value only after the database has it, and the caller read Redis before the database — so the
 * epoch goes up by one, and every job id made from then on carries it (`in-5` becomes `in-5-e1`):
 * no new id meets an old job. Epoch 0 adds nothing, so ids stay as they were until the first
 * restore. Two processes noticing one restore move the epoch once: the script moves it only from
 * the epoch the caller read. docs/redis.md.
 */

// KEYS[1] the epoch, KEYS[2] the generation Redis has seen.
// ARGV[1] the epoch and ARGV[2] the generation the caller read from Redis (before the database),
// ARGV[3] the database's generation after the caller counted it up.
const CHECK = `
local epoch = tonumber(redis.call('GET', KEYS[1]) or '0')
local seen = tonumber(redis.call('GET', KEYS[2]) or '0')
local now = tonumber(ARGV[3])
if epoch == tonumber(ARGV[1]) and now - 1 < tonumber(ARGV[2]) then
  epoch = redis.call('INCR', KEYS[1])
  redis.call('SET', KEYS[2], ARGV[3])
elseif now > seen then
  redis.call('SET', KEYS[2], ARGV[3])
end
return epoch
`;

export interface QueueEpoch {
  /** The epoch in use; job ids made now carry it. */
  current(): number;
  /** Settles once the first check has run (or failed): producers wait for it before their first add. */
  ready(): Promise<void>;
  /** Counts the database's generation up and compares it with Redis now; returns the epoch. */
  check(): Promise<number>;
  /** `id` as this epoch names it. */
  jobId(id: string): string;
  /** `id` as every epoch so far named it, the current one first (a job queued before a restore keeps its name). */
  jobIds(id: string): string[];
  stop(): void;
}

export function createQueueEpoch(o: { db: Db; redis: RedisClient; prefix: string; intervalMs: number; timeoutMs: number; log: Pick<Logger, 'warn' | 'error'> }): QueueEpoch {
  const epochKey = `${o.prefix}:epoch`;
  const seenKey = `${o.prefix}:epoch:generation`;
  let epoch = 0;
  let failing = false;

  async function check(): Promise<number> {
    // Redis first, then the database: the order that makes "lower than Redis saw" mean "went back".
    const [readEpoch, readSeen] = await o.redis.mget(epochKey, seenKey);
    const [row] = await o.db.$queryRaw<{ value: bigint }[]>`UPDATE queue_generation SET value = value + 1 WHERE id = 1 RETURNING value`;
    if (!row) throw new Error('queue_generation has no row (run the migrations)');
    const next = Number(await o.redis.eval(CHECK, 2, epochKey, seenKey, readEpoch ?? '0', readSeen ?? '0', String(row.value)));
    if (next !== epoch && next > 0) {
      o.log.warn({ epoch: next, was: epoch }, 'job ids now carry a new epoch: the database was restored or replaced under this Redis, so earlier jobs must not hide new work');
    }
    epoch = next;
    failing = false;
    return epoch;
  }

  async function guardedCheck(): Promise<void> {
    try {
      await check();
    } catch (err) {
      if (!failing) o.log.error({ err: (err as Error).message }, 'could not compare the database with Redis for the job-id epoch; keeping the last one and trying again');
      failing = true;
      // At least follow an epoch another process set.
      epoch = Number((await o.redis.get(epochKey).catch(() => null)) ?? epoch);
    }
  }

  let timer: NodeJS.Timeout | undefined;
  const first = Promise.race([guardedCheck(), new Promise<void>((resolve) => setTimeout(resolve, o.timeoutMs).unref())]).then(() => {
    if (o.intervalMs > 0) {
      timer = setInterval(() => void guardedCheck(), o.intervalMs);
      timer.unref();
    }
  });

  return {
    current: () => epoch,
    ready: () => first,
    check,
    jobId: (id) => (epoch === 0 ? id : `${id}-e${epoch}`),
    jobIds: (id) => Array.from({ length: epoch + 1 }, (_, k) => (epoch - k === 0 ? id : `${id}-e${epoch - k}`)),
    stop() {
      clearInterval(timer);
    },
  };
}
