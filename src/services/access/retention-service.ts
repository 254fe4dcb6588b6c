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
 * applications, call logs; consent_events). Erasing a worker is what ends those (docs/outcomes.md).
 *
 * Blanked after `MESSAGE_BODY_RETENTION_DAYS` (docs/outcomes.md): the text of workers' messages
 * (inbound content and raw push) and of what was sent to them (notification content and
 * parameters), once processed or settled. The rows and their times stay: the funnel counts them.
 * A case's words and the consent record's message are not blanked: the station works the one,
 * the law asks for the other (docs/cases.md, docs/compliance.md).
 */

/** Tables whose old texts are blanked, walked in id order like the pruned ones. */
const BLANKED = {
  inbound_messages: {
    at: 'received_at',
    when: "x.processed_at IS NOT NULL AND (x.content <> '' OR x.raw <> '{}'::jsonb)",
    set: "content = '', raw = '{}'::jsonb",
  },
  notifications: {
    at: 'created_at',
    when: "x.status IN ('sent', 'delivered', 'failed', 'cancelled') AND (x.content <> '' OR x.template_params <> '{}'::jsonb)",
    set: "content = '', template_params = '{}'::jsonb, match_reasons = NULL",
  },
} as const;
type BlankedTable = keyof typeof BLANKED;

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

export type PruneResult = Record<WalkedTable | 'notifications', number> & { blanked?: Record<BlankedTable, number> };

export function createRetentionService({
  config,
  db,
  outbox,
  redis,
  log,
}: {
  config: Pick<Config, 'RETENTION_DAYS' | 'MESSAGE_BODY_RETENTION_DAYS' | 'QUEUE_PREFIX'>;
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

  /** Texts older than the cutoff blanked, one table in id order from where the last run stopped. */
  async function blank(table: BlankedTable, cutoff: Date, batchSize: number, maxBatches: number): Promise<number> {
    const { at, when, set } = BLANKED[table];
    const key = cursorKey(`blank:${table}`);
    let after = BigInt((await redis.get(key)) ?? '0');
    let blanked = 0;
    for (let i = 0; i < maxBatches; i++) {
      // Table and column names come from the constant above, never from input.
      const [r] = await db.$queryRawUnsafe<{ last: bigint | null; blanked: number; reached: boolean | null }[]>(
        `WITH batch AS (SELECT id, ${at} AS at FROM ${table} WHERE id > $1 ORDER BY id LIMIT $2),
         upd AS (UPDATE ${table} x SET ${set} FROM batch b WHERE x.id = b.id AND x.${at} < $3 AND ${when} RETURNING x.id)
         SELECT (SELECT max(id) FROM batch) AS last, (SELECT count(*) FROM upd)::int AS blanked, (SELECT bool_or(at >= $3) FROM batch) AS reached`,
        after,
        batchSize,
        cutoff,
      );
      blanked += r!.blanked;
      // Unlike deletions, blanked rows stay: the next run starts where this one met young rows
      // instead of walking every old row again (a row settled late below the cursor keeps its text).
      if (r!.last === null || r!.reached) break;
      after = r!.last;
    }
    await redis.set(key, after.toString(), 'EX', 30 * 86_400);
    return blanked;
  }

  return {
    /** Blanks message texts past MESSAGE_BODY_RETENTION_DAYS (nothing when it is 0). */
    async blankOldTexts(opts: PruneOptions = {}): Promise<Record<BlankedTable, number> | null> {
      if (config.MESSAGE_BODY_RETENTION_DAYS <= 0) return null;
      const now = opts.now ?? new Date();
      const cutoff = new Date(now.getTime() - config.MESSAGE_BODY_RETENTION_DAYS * 86_400_000);
      const result = {
        inbound_messages: await blank('inbound_messages', cutoff, opts.batchSize ?? 1000, opts.maxBatches ?? 200),
        notifications: await blank('notifications', cutoff, opts.batchSize ?? 1000, opts.maxBatches ?? 200),
      };
      if (result.inbound_messages + result.notifications > 0) log.info({ ...result, olderThan: cutoff.toISOString() }, 'retention: old message texts blanked');
      return result;
    },

    /**
     * Deletes what is past the retention period (nothing when RETENTION_DAYS is 0), then blanks
     * message texts past MESSAGE_BODY_RETENTION_DAYS.
     */
    async prune(opts: PruneOptions = {}): Promise<PruneResult | null> {
      const blanked = (await this.blankOldTexts(opts)) ?? undefined;
      if (config.RETENTION_DAYS <= 0) return blanked ? { delivery_reports: 0, inbound_messages: 0, notifications: 0, outbox_messages: 0, blanked } : null;
      const now = opts.now ?? new Date();
      const cutoff = new Date(now.getTime() - config.RETENTION_DAYS * 86_400_000);
      const batchSize = opts.batchSize ?? 1000;
      const maxBatches = opts.maxBatches ?? 200;
      const result: PruneResult = {
        delivery_reports: await walk('delivery_reports', cutoff, batchSize, maxBatches),
        inbound_messages: await walk('inbound_messages', cutoff, batchSize, maxBatches),
        notifications: await outbox.pruneSettled(cutoff, batchSize, maxBatches),
        outbox_messages: await walk('outbox_messages', cutoff, batchSize, maxBatches),
        ...(blanked ? { blanked } : {}),
      };
      if ([result.delivery_reports, result.inbound_messages, result.notifications, result.outbox_messages].some((n) => n > 0)) log.info({ ...result, olderThan: cutoff.toISOString() }, 'retention: old webhook data deleted');
      return result;
    },
  };
}

export type RetentionService = ReturnType<typeof createRetentionService>;
