import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { Prisma, rawQuery, type Db } from '../../db/prisma.js';
import { inboundText } from '../../domain/inbound-text.js';
import { normalizePhone } from '../../domain/phone.js';
import type { QueueClient } from '../../queues/queue-client.js';
import { maskPhone } from '../../logger.js';
import { parseBeijingTime, smsUpItemSchema, smsUpMessageId, type SmsUpItem } from '../../channels/sms/aliyun-push.js';

import { createBatcher } from './inbound-batcher.js';

/** Rows written per statement, and jobs queued per call (docs/inbound-limits.md). */
const STORE_SLICE = 250;
const ENQUEUE_SLICE = 100;

export interface InboundDeps {
  db: Db;
  queues: Pick<QueueClient, 'addBulk'>;
  log: Pick<Logger, 'warn'>;
}

/**
 * The inbound worker of this process, when it runs in the process that stores the pushes
 * (docs/reply-storm.md, round 4): the stored ids are handed to it in memory instead of queued.
 */
export interface LocalReader {
  /**
   * Takes the ids to read, or none of them (false: this process is busy enough; queue them).
   * Does not wait for them to be read: the webhook answers as soon as they are stored.
   */
  take(ids: bigint[]): boolean;
}

/** A stored push row (the columns the insert reads). */
export interface Row {
  provider_message_id: string;
  sender: string;
  content: string;
  content_length: number;
  dest_code: string | null;
  sent_at: string | null;
  raw: SmsUpItem;
}

/** Pushes of up to this many texts are stored together with the pushes that arrive at the same moment. */
const COALESCE_MAX_ROWS = 50;
/** Pushes one coalesced statement takes at most (≤ 5,000 rows); more wait for the next. */
const COALESCE_MAX_PUSHES = 100;
/** Coalesced statements one process runs at once (4 measured best at 250–1,000 pushes/s: docs/reply-storm.md). */
const COALESCE_AT_ONCE = 4;

/**
 * Statements whose texts one queue call takes at most (see `queuer`); the statements that end
 * during a call wait for the next. A bound on a call's size, seldom reached: statements end a
 * few at a time (COALESCE_AT_ONCE run at once) and a call takes two round trips.
 */
const QUEUE_MAX_STATEMENTS = 20;

/** Made-up items read at start, and push statements run on no rows (see `warmUp`). */
const WARM_ITEMS = 500;
const WARM_STATEMENTS = 40;
const WARM_STATEMENTS_AT_ONCE = 4;

/** BullMQ priority of backlog texts (see `enqueue`). */
const BACKLOG_PRIORITY = 10;

/**
 * Texts one inbound job carries at most when a statement's texts are queued together (see
 * `enqueueTogether`); the inbound batch's size (INBOUND_BATCH_MAX's default).
 */
const JOB_TEXTS_MAX = 50;

/**
 * The job id of texts queued together: the first id and a hash of all, so the same texts
 * queued twice (a sweep, a push again) are one job, as `in-<id>` is for one text.
 */
export function groupJobId(ids: readonly bigint[]): string {
  if (ids.length === 1) return `in-${ids[0]}`;
  return `in-${ids[0]}-${createHash('sha1').update(ids.join(',')).digest('hex').slice(0, 12)}`;
}

const byId = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The statement `insertRows` runs (exported for the test of its plan). The rows stored earlier
 * are looked up one key at a time by the unique index (docs/reply-storm.md, round 7): a join with
 * the rows inserted was planned as a scan of the whole table, and "provider_message_id = ANY(…)
 * AND processed_at IS NULL", once PostgreSQL gave the prepared statement its generic plan, as a
 * scan of every unread row by the partial index, so each push cost more the more texts waited to
 * be read. The lookup is parameterised by the key (LATERAL), and OFFSET 0 keeps the unread test
 * out of it, so the unread index cannot serve it.
 */
export function storeStatement(rows: readonly Row[]): Prisma.Sql {
  return Prisma.sql`
    WITH r AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS r(provider_message_id text, sender text, content text, content_length int, dest_code text, sent_at text, raw jsonb)
    ), ins AS (
      INSERT INTO inbound_messages (provider, provider_message_id, channel, sender, content, content_length, dest_code, sent_at, raw)
      SELECT 'aliyun', r.provider_message_id, 'sms'::"Channel", r.sender, r.content, r.content_length, r.dest_code,
             (r.sent_at::timestamptz AT TIME ZONE 'UTC'), r.raw
      FROM r
      ON CONFLICT (provider, provider_message_id) DO NOTHING
      RETURNING id, provider_message_id
    )
    SELECT id, provider_message_id AS key, true AS fresh FROM ins
    UNION ALL
    -- Each key by the unique index, whatever plan the statement is given (see above).
    SELECT m.id, m.key, false AS fresh
    FROM (SELECT DISTINCT unnest(${rows.map((r) => r.provider_message_id)}::text[]) AS key) k
    CROSS JOIN LATERAL (
      SELECT e.id, e.provider_message_id AS key, e.processed_at FROM inbound_messages e
      WHERE e.provider = 'aliyun' AND e.provider_message_id = k.key OFFSET 0
    ) m
    WHERE m.processed_at IS NULL`;
}

/**
 * Stores rows in one statement: the new ones, and the ids to queue — the rows just stored and
 * any stored earlier but never processed (Aliyun pushing again after a lost answer). The
 * second part reads the statement's snapshot, which does not include the rows it inserts, so
 * no id comes twice.
 */
async function insertRows(db: Db, rows: Row[]): Promise<{ stored: Set<string>; pending: bigint[] }> {
  // On the pg pool as a prepared statement, outside Prisma's client (docs/reply-storm.md, round 3).
  const out = await rawQuery<{ id: string; key: string; fresh: boolean }>(db, 'inbound-store', storeStatement(rows));
  return { stored: new Set(out.filter((r) => r.fresh).map((r) => r.key)), pending: out.map((r) => BigInt(r.id)) };
}

/** What a push's rows noted while they were built, logged once per push. */
function createPushLog() {
  // Noted per item, logged once per push (a push of 10,000 would otherwise write 10,000
  // lines): the counts, and the first few senders (masked).
  const LOGGED_SAMPLES = 5;
  const clipped: { phone: unknown; length: number }[] = [];
  const notMainland: unknown[] = [];
  let clippedCount = 0;
  let notMainlandCount = 0;
  return {
    clipped(phone: string, length: number) {
      if (++clippedCount <= LOGGED_SAMPLES) clipped.push({ phone: maskPhone(phone), length });
    },
    notMainland(phone: string) {
      if (++notMainlandCount <= LOGGED_SAMPLES) notMainland.push(maskPhone(phone));
    },
    summary: () => (clippedCount || notMainlandCount ? { clippedCount, clipped, notMainlandCount, notMainland } : null),
  };
}

export function createInboundService({ db, queues, log }: InboundDeps) {
  function toRow(pushed: SmsUpItem, logged: ReturnType<typeof createPushLog>): Row {
    // Clipped before anything else reads it: the id hash, the row, its raw copy and the reader.
    const text = inboundText(pushed.content);
    if (text.clipped) logged.clipped(pushed.phone_number, text.length);
    const item = { ...pushed, content: text.text };
    const mainland = normalizePhone(item.phone_number);
    if (!mainland) logged.notMainland(item.phone_number);
    return {
      // Keyed by the number as a mainland mobile: +8613906000001 and 13906000001 pushed again
      // under one sequence id are one text.
      provider_message_id: smsUpMessageId(mainland ? { ...item, phone_number: mainland } : item),
      sender: mainland ?? item.phone_number,
      content: text.text,
      content_length: text.length,
      dest_code: item.dest_code ?? null,
      sent_at: parseBeijingTime(item.send_time)?.toISOString() ?? null,
      raw: item,
    };
  }

  /** Set while this process runs the inbound worker (see `LocalReader`). */
  let local: LocalReader | null = null;

  // The texts of the statements that end while a queue call is under way are queued together by
  // the next call (round 7): a call is a BullMQ add and the epoch's look at the jobs it named,
  // two round trips to Redis whatever the number of texts, and with COALESCE_AT_ONCE statements
  // of a few pushes each they were the largest part of a push's CPU. One call at a time; each
  // statement's pushes are answered once the call that queued its texts has returned, and a
  // call that fails fails every statement it carried (each push answers 5xx, Aliyun pushes
  // again, and the repeat queues the texts still unread).
  const queuer = createBatcher<bigint[], true>(
    async (groups) => {
      await enqueueTogether(groups.length === 1 ? groups[0]! : groups.flat().sort(byId));
      return new Map(groups.map((g) => [g, true as const]));
    },
    { max: QUEUE_MAX_STATEMENTS, parallel: 1 },
  );

  // Small pushes arriving together: one insert and one queue call for all of them (or, with
  // the inbound worker in this process, no queue call: docs/reply-storm.md, round 4). A
  // failure fails every push of the batch (each answers 5xx and Aliyun pushes it again).
  const coalescer = createBatcher<Row[], number>(
    async (pushes) => {
      const { stored, pending } = await insertRows(db, pushes.flat());
      pending.sort(byId);
      // Handed over in memory, or queued as before: a text handed over and lost with the
      // process is found by the sweep (`requeueUnprocessed`), a text that fails is queued.
      if (pending.length && !local?.take(pending)) await queuer.submit(pending);
      // Each push's own count of new rows, for its log line.
      return new Map(pushes.map((p) => [p, p.filter((r) => stored.has(r.provider_message_id)).length]));
    },
    { max: COALESCE_MAX_PUSHES, parallel: COALESCE_AT_ONCE },
  );

  /**
   * Queues texts to be read. A backlog — a push of more than COALESCE_MAX_ROWS texts (Aliyun
   * catching up after an outage, or a forged flood) or the sweep's texts left unread — goes
   * behind the texts arriving now (a BullMQ priority; texts without one are taken first), so a
   * worker texting now is not answered after thousands of older texts (red team: a 帮助 waited
   * 79 s behind a push of 5,000).
   */
  async function enqueue(ids: bigint[], backlog = false): Promise<void> {
    // In order, a slice at a time: one call per slice, the event loop free in between.
    for (let i = 0; i < ids.length; i += ENQUEUE_SLICE) {
      await queues.addBulk(
        'inbound',
        ids.slice(i, i + ENQUEUE_SLICE).map((id) => ({ payload: { inboundId: id.toString() }, opts: { jobId: `in-${id}`, ...(backlog ? { priority: BACKLOG_PRIORITY } : {}) } })),
      );
    }
  }

  /**
   * Queues the texts one statement stored as one job (up to JOB_TEXTS_MAX a job) rather than a
   * job each: a job is three Lua calls (add, take, finish) and a text's share of the inbound
   * worker's CPU in a storm (docs/reply-storm.md, round 3). The worker hands the job's texts
   * to its batches in order, so a sender's texts keep theirs; a job that fails for any of its
   * texts is retried whole, and the texts already read are skipped (each is read once, under
   * its row lock). Only texts arriving now go together: a backlog stays a job a text behind
   * them (`enqueue`), so the worker holds at most as many backlog texts at once as before.
   */
  async function enqueueTogether(ids: bigint[]): Promise<void> {
    if (!ids.length) return;
    const jobs: { payload: { inboundId: string } | { inboundIds: string[] }; opts: { jobId: string } }[] = [];
    for (let i = 0; i < ids.length; i += JOB_TEXTS_MAX) {
      const group = ids.slice(i, i + JOB_TEXTS_MAX);
      jobs.push({
        payload: group.length === 1 ? { inboundId: group[0]!.toString() } : { inboundIds: group.map(String) },
        opts: { jobId: groupJobId(group) },
      });
    }
    for (let i = 0; i < jobs.length; i += ENQUEUE_SLICE) await queues.addBulk('inbound', jobs.slice(i, i + ENQUEUE_SLICE));
  }

  return {
    /**
     * Hands the ids this process stores to its own inbound worker from now on (null: queue them
     * again, as a process without that worker does). Set by workers/start-workers.ts.
     */
    attachLocalReader(reader: LocalReader | null): void {
      local = reader;
    },

    /** Queues texts to be read as the webhook does (the local reader's fallback for texts it failed). */
    enqueueTogether,

    /**
     * Stores a push and queues each new message to be read. Throws if either step fails, so
     * the webhook answers 5xx and Aliyun pushes again; the repeat stores nothing twice and
     * re-queues only what was never processed. The rows go in as one JSON parameter per slice
     * of STORE_SLICE: Prisma's createMany spent ~1 ms of CPU a row building the statement,
     * which held the event loop for seconds on a push of 1,000 texts.
     */
    async storeSmsUp(items: SmsUpItem[]): Promise<{ received: number; stored: number }> {
      const logged = createPushLog();
      const noteOnce = () => {
        const noted = logged.summary();
        if (noted) log.warn(noted, 'sms-up push: texts clipped, or senders that are not mainland mobiles');
      };
      // A push of a few texts (the common case: Aliyun pushes as texts arrive) joins the
      // pushes being stored at the same moment: one statement and one queue call for all.
      if (items.length <= COALESCE_MAX_ROWS) {
        const rows = items.map((item) => toRow(item, logged));
        noteOnce();
        return { received: items.length, stored: await coalescer.submit(rows) };
      }
      let stored = 0;
      const pending: bigint[] = [];
      for (let i = 0; i < items.length; i += STORE_SLICE) {
        // Rows are built a slice at a time too (clipping, hashing): a push of 10,000 would
        // otherwise spend a few hundred ms here in one go.
        const r = await insertRows(db, items.slice(i, i + STORE_SLICE).map((item) => toRow(item, logged)));
        stored += r.stored.size;
        pending.push(...r.pending);
      }
      noteOnce();
      await enqueue(pending.sort(byId), true);
      return { received: items.length, stored };
    },

    /**
     * Runs a push's own work until the JIT has compiled it (a process started during a storm
     * answered its first seconds several times slower: docs/reply-storm.md): items read and
     * rows built from made-up texts, and the push statement on no rows, on every pool
     * connection. Stores nothing.
     */
    async warmUp(connections = WARM_STATEMENTS_AT_ONCE): Promise<void> {
      const logged = createPushLog();
      for (let i = 0; i < WARM_ITEMS; i++) {
        const item = smsUpItemSchema.parse({ phone_number: `1390000${String(i % 10_000).padStart(4, '0')}`, content: i % 2 ? '帮助' : 'BM1003', send_time: '2026-12-01 10:00:00', dest_code: '1234', sequence_id: `warm-${i}` });
        toRow(item, logged);
      }
      // Prepared on every pool connection (all at once: the pool hands out the connection used
      // last, so a few at a time prepared the same few), then run until the JIT has it.
      await Promise.all(Array.from({ length: Math.max(connections, WARM_STATEMENTS_AT_ONCE) }, () => insertRows(db, [])));
      for (let i = 0; i < WARM_STATEMENTS; i += WARM_STATEMENTS_AT_ONCE) await Promise.all(Array.from({ length: WARM_STATEMENTS_AT_ONCE }, () => insertRows(db, [])));
    },

    /** Queues inbound messages a crash left unread. */
    async requeueUnprocessed(olderThanMs = 60_000): Promise<number> {
      const stale = await db.inboundMessage.findMany({
        where: { processedAt: null, receivedAt: { lt: new Date(Date.now() - olderThanMs) } },
        select: { id: true },
        take: 1000,
      });
      await enqueue(stale.map((s) => s.id), true);
      return stale.length;
    },
  };
}

export type InboundService = ReturnType<typeof createInboundService>;
