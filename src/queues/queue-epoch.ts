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
 * The epoch tells the two apart. Every few seconds each process reads the database's id
 * sequences (with the database server's clock) and hands them to Redis, which remembers the
 * latest reading. A reading that is newer than the remembered one yet shows any sequence lower
 * has seen the database go back in time: the epoch goes up by one, and every job id made from
 * then on carries it (`in-5` becomes `in-5-e1`), so no new id meets an old job. Epoch 0 adds
 * nothing, so ids stay as they were until the first restore. A reading older than the one
 * remembered (two processes racing) says nothing and changes nothing. docs/redis.md.
 */

/** The sequences whose ids name jobs; a restore sets each back to its value at the backup. */
const SEQUENCES = ['inbound_messages_id_seq', 'campaigns_id_seq', 'notifications_id_seq', 'openings_id_seq', 'reminders_id_seq'] as const;

// KEYS[1] the epoch, KEYS[2] the latest reading (a hash: at, s1..sN).
// ARGV[1] the reading's time (database clock, ms), ARGV[2..] the sequences' values.
const CHECK = `
local epoch = tonumber(redis.call('GET', KEYS[1]) or '0')
local seen = redis.call('HGETALL', KEYS[2])
local last = {}
for i = 1, #seen, 2 do last[seen[i]] = tonumber(seen[i + 1]) end
local at = tonumber(ARGV[1])
if last['at'] and at <= last['at'] then return epoch end
local back = false
for i = 2, #ARGV do
  local before = last['s' .. (i - 1)]
  if before and tonumber(ARGV[i]) < before then back = true end
end
if back then epoch = redis.call('INCR', KEYS[1]) end
local fields = { 'at', ARGV[1] }
for i = 2, #ARGV do
  fields[#fields + 1] = 's' .. (i - 1)
  fields[#fields + 1] = ARGV[i]
end
redis.call('HSET', KEYS[2], unpack(fields))
return epoch
`;

// KEYS[1] the epoch, KEYS[2] the latest reading; ARGV[1] the epoch the caller used. Moves on
// once per event, however many processes notice it; the next reading starts afresh, so the
// sequence check does not count the same restore a second time.
const BUMP = `
local epoch = tonumber(redis.call('GET', KEYS[1]) or '0')
if epoch == tonumber(ARGV[1]) then
  epoch = redis.call('INCR', KEYS[1])
  redis.call('DEL', KEYS[2])
end
return epoch
`;

export interface QueueEpoch {
  /** The epoch in use; job ids made now carry it. */
  current(): number;
  /** Settles once the first check has run (or failed): producers wait for it before their first add. */
  ready(): Promise<void>;
  /** Reads the sequences and compares them with Redis now; returns the epoch. */
  check(): Promise<number>;
  /**
   * A job id of epoch `used` met an old finished job: the database is behind Redis. Moves the
   * epoch past `used` (unless another process already did) and returns the one now in use.
   */
  bump(used: number): Promise<number>;
  /** `id` as this epoch names it. */
  jobId(id: string): string;
  stop(): void;
}

export function createQueueEpoch(o: { db: Db; redis: RedisClient; prefix: string; intervalMs: number; timeoutMs: number; log: Pick<Logger, 'warn' | 'error'> }): QueueEpoch {
  const epochKey = `${o.prefix}:epoch`;
  const seenKey = `${o.prefix}:epoch:seen`;
  let epoch = 0;
  let failing = false;

  async function check(): Promise<number> {
    const [row] = await o.db.$queryRawUnsafe<Record<string, bigint>[]>(
      `SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS at, ${SEQUENCES.map((s, i) => `(SELECT last_value FROM ${s}) AS s${i + 1}`).join(', ')}`,
    );
    if (!row) throw new Error('no reading of the id sequences');
    const values = [row.at, ...SEQUENCES.map((_, i) => row[`s${i + 1}`])].map((v) => String(v));
    const next = Number(await o.redis.eval(CHECK, 2, epochKey, seenKey, ...values));
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
    async bump(used) {
      const next = Number(await o.redis.eval(BUMP, 2, epochKey, seenKey, used));
      if (next !== epoch) {
        o.log.warn({ epoch: next, was: epoch }, 'a new job met an old finished one under the same id: the database is behind Redis, so job ids now carry a new epoch');
        epoch = next;
      }
      return epoch;
    },
    jobId: (id) => (epoch === 0 ? id : `${id}-e${epoch}`),
    stop() {
      clearInterval(timer);
    },
  };
}
