import type { RedisClient } from '../../redis.js';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Db } from '../../db/prisma.js';
import type { Outbox } from '../delivery/outbox.js';

/**
 * Retention: what the webhooks bring in is kept `RETENTION_DAYS`, then deleted, a small batch
 * per statement so no lock is held for long and the hot paths (pushes, sends) never wait.
 *
 * Pruned after the period:
 * - `delivery_reports`: receipts as pushed; the notification keeps the outcome.
 * - `inbound_messages` that belong to no worker: texts from strangers, unreadable or forged ones.
 * - `notifications` that belong to no worker and no campaign (replies to strangers, notices to
 *   employers' phones), once settled.
 * - `outbox_messages`: what the console (demo) SMS driver "sent".
 *
 * Kept as long as the worker is: everything the worker history and the consent record read
 * (src/services/stations/worker-history.ts: inbound messages and notifications with the worker's id,
 * applications, call logs; consent_events). Deleting a worker is what ends those.
 */

/** Tables walked in id order: ids grow with the time of insertion, so old rows come first. */
const WALKED = {
  delivery_reports: { at: 'received_at', keep: 'FALSE' },
  inbound_messages: { at: 'received_at', keep: 'x.worker_id IS NOT NULL' },
  outbox_messages: { at: 'created_at', keep: 'FALSE' },
} as const;
type WalkedTable = keyof typeof WALKED;

export interface PruneOptions {
  now?: Date;
  /** Rows looked at per statement. */
  batchSize?: number;
  /** Statements per table and run; a backlog is worked off over several runs. */
  maxBatches?: number;
}

export type PruneResult = Record<WalkedTable | 'notifications', number>;

export function createRetentionService({
  config,
  db,
  outbox,
  redis,
  log,
}: {
  config: Pick<Config, 'RETENTION_DAYS' | 'QUEUE_PREFIX'>;
  db: Db;
  /** Old replies and notices to no worker are deleted by the notifications ledger. */
  outbox: Pick<Outbox, 'pruneSettled'>;
  redis: RedisClient;
  log: Pick<Logger, 'info'>;
}) {
  const cursorKey = (t: string) => `${config.QUEUE_PREFIX}:retention:cursor:${t}`;

  /**
   * One table, in id order from where the last run stopped. A pass ends at the first row that
   * is still young; the next run then starts again from the beginning, so a row that became
   * prunable meanwhile (its worker deleted) is found on a later pass.
   */
  async function walk(table: WalkedTable, cutoff: Date, batchSize: number, maxBatches: number): Promise<number> {
    const { at, keep } = WALKED[table];
    let after = BigInt((await redis.get(cursorKey(table))) ?? '0');
    let deleted = 0;
    for (let i = 0; i < maxBatches; i++) {
      // Table and column names come from the constant above, never from input.
      const [r] = await db.$queryRawUnsafe<{ last: bigint | null; deleted: number; reached: boolean | null }[]>(
        `WITH batch AS (SELECT id, ${at} AS at FROM ${table} WHERE id > $1 ORDER BY id LIMIT $2),
         del AS (DELETE FROM ${table} x USING batch b WHERE x.id = b.id AND x.${at} < $3 AND NOT (${keep}) RETURNING x.id)
         SELECT (SELECT max(id) FROM batch) AS last, (SELECT count(*) FROM del)::int AS deleted, (SELECT bool_or(at >= $3) FROM batch) AS reached`,
        after,
        batchSize,
        cutoff,
      );
      deleted += r!.deleted;
      if (r!.last === null || r!.reached) {
        await redis.del(cursorKey(table));
        return deleted;
      }
      after = r!.last;
    }
    await redis.set(cursorKey(table), after.toString(), 'EX', 7 * 86_400);
    return deleted;
  }

  return {
    /** Deletes what is past the retention period (nothing when RETENTION_DAYS is 0). */
    async prune(opts: PruneOptions = {}): Promise<PruneResult | null> {
      if (config.RETENTION_DAYS <= 0) return null;
      const now = opts.now ?? new Date();
      const cutoff = new Date(now.getTime() - config.RETENTION_DAYS * 86_400_000);
      const batchSize = opts.batchSize ?? 1000;
      const maxBatches = opts.maxBatches ?? 200;
      const result: PruneResult = {
        delivery_reports: await walk('delivery_reports', cutoff, batchSize, maxBatches),
        inbound_messages: await walk('inbound_messages', cutoff, batchSize, maxBatches),
        notifications: await outbox.pruneSettled(cutoff, batchSize, maxBatches),
        outbox_messages: await walk('outbox_messages', cutoff, batchSize, maxBatches),
      };
      if (Object.values(result).some((n) => n > 0)) log.info({ ...result, olderThan: cutoff.toISOString() }, 'retention: old webhook data deleted');
      return result;
    },
  };
}

export type RetentionService = ReturnType<typeof createRetentionService>;
