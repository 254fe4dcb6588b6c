import type { Config } from '../../config.js';
import { Prisma, rawQuery, txQuery, type Db } from '../../db/prisma.js';
import { renderMessage, type MessageKindName, type TemplateParams } from '../../domain/message-templates.js';
import { countSegments, withSignature } from '../../domain/sms-segments.js';
import { AFTER_HIRE_QUESTIONS, afterHireKey } from '../../domain/after-hire.js';
import type { QueueClient } from '../../queues/queue-client.js';
import { createNotifyJobs } from './notify-jobs.js';
import { idArray, statusIn, type ClaimedRow, type ReceiptRow, type RequeuedRow, type VoiceReportApplied, type VoiceReportRow } from './outbox-rows.js';

/**
 * The outbox: the `notifications` table, the ledger behind every message guiyan sends, and the
 * only module that writes it. Each write is a named transition; callers decide when, the
 * outbox decides how. Statuses only move forward:
 *   queued → sending → sent → delivered | failed, or queued → cancelled;
 * `release` and the reconciler's `putBack` return a claim (`sending`) to `queued` when the
 * provider surely did not take it. One claim, one send: only `claim` moves a message out of
 * `queued`. Receipts only move forward (`applyReceipts`, `applyProviderDetail`).
 */

type Tx = Prisma.TransactionClient;

export interface OutboxDeps {
  config: Pick<Config, 'ALIYUN_SMS_SIGN_NAME' | 'SMS_TEMPLATE_CODES' | 'QUIET_HOURS' | 'QUIET_HOURS_SPREAD_MS'> & Partial<Pick<Config, 'VOICE_DRIVER'>>;
  db: Db;
  queues: Pick<QueueClient, 'add' | 'addBulk'>;
}

export interface DirectMessage<K extends MessageKindName = MessageKindName> {
  /** Business key: the same key twice creates one message (e.g. `reply:<inbound id>`). */
  dedupeKey: string;
  /** `reminder`: a station's text outside a campaign (after a hire, docs/after-hire.md). */
  kind: 'reply' | 'employer_notice' | 'verification' | 'alert' | 'reminder';
  workerId: number | null;
  phone: string;
  message: K;
  params: TemplateParams<K>;
}

/** A message outside a campaign as one row of `insertDirect`. */
export interface DirectRow {
  dedupeKey: string;
  kind: DirectMessage['kind'];
  channel: 'sms' | 'wechat';
  workerId: number | null;
  phone: string | null;
  templateCode: string;
  params: Record<string, string>;
  text: string;
  segments: number;
  status: 'queued' | 'sending';
}

/** A rendered template, as a campaign's messages share it. */
export interface RenderedText {
  templateCode: string;
  params: Record<string, string>;
  text: string;
}

const clip = (message: string) => message.slice(0, 500);

export function createOutbox({ config, db, queues }: OutboxDeps) {
  const codes = config.SMS_TEMPLATE_CODES;
  const jobs = createNotifyJobs({ config, db, queues });

  // ── Creation ──────────────────────────────────────────────────────────────────────────

  /** A message outside a campaign, rendered, as `insertDirect` writes it. */
  function directRow(m: DirectMessage): DirectRow {
    const rendered = renderMessage(m.message, m.params as never, codes);
    return {
      dedupeKey: m.dedupeKey,
      kind: m.kind,
      channel: 'sms',
      workerId: m.workerId,
      phone: m.phone,
      templateCode: rendered.templateCode,
      params: rendered.params,
      text: rendered.text,
      segments: countSegments(withSignature(config.ALIYUN_SMS_SIGN_NAME, rendered.text)),
      status: 'queued',
    };
  }

  /**
   * A WeChat reply: the same text as SMS, without the signature. It is delivered by the webhook
   * (passive reply) or the customer-service API, never by the SMS pipeline, which is why it
   * starts as `sending`, a status the SMS sender never claims.
   */
  function wechatReplyRow(m: { dedupeKey: string; workerId: number | null; rendered: RenderedText }): DirectRow {
    return {
      dedupeKey: m.dedupeKey,
      kind: 'reply',
      channel: 'wechat',
      workerId: m.workerId,
      phone: null,
      templateCode: m.rendered.templateCode,
      params: m.rendered.params,
      text: m.rendered.text,
      segments: countSegments(m.rendered.text),
      status: 'sending',
    };
  }

  /**
   * Inserts messages outside a campaign in one statement, in the order given, inside the
   * caller's transaction; a dedupe key that exists already creates nothing. Returns the ids
   * created, by dedupe key. One statement for a whole batch of inbound messages' replies (issue
   * #15): Prisma's createManyAndReturn cost more CPU per row than the insert itself.
   */
  async function insertDirect(tx: Tx, rows: DirectRow[]): Promise<Map<string, string>> {
    const created = new Map<string, string>();
    if (!rows.length) return created;
    const json = JSON.stringify(
      rows.map((r, i) => ({ i, k: r.dedupeKey, kind: r.kind, ch: r.channel, w: r.workerId, p: r.phone, tc: r.templateCode, tp: r.params, c: r.text, s: r.segments, st: r.status })),
    );
    // A prepared statement on the transaction's connection when the caller's is a `transaction` (the inbound batches').
    const inserted = await txQuery<{ id: bigint; dedupe_key: string }>(tx, 'notify-insert-direct', Prisma.sql`
      INSERT INTO notifications (dedupe_key, kind, channel, worker_id, phone, template_code, template_params, content, segments, status, updated_at)
      SELECT r.k, r.kind::"MessageKind", r.ch::"Channel", r.w, r.p, r.tc, r.tp, r.c, r.s, r.st::"NotificationStatus", now()
      FROM jsonb_to_recordset(${json}::jsonb) AS r(i int, k text, kind text, ch text, w int, p text, tc text, tp jsonb, c text, s int, st text)
      ORDER BY r.i
      ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
      RETURNING id, dedupe_key`);
    for (const r of inserted) created.set(r.dedupe_key, r.id.toString());
    return created;
  }

  /** Inserts the message row inside the caller's transaction; returns its id, or null if it existed. */
  async function createDirect(tx: Tx, m: DirectMessage): Promise<string | null> {
    return (await insertDirect(tx, [directRow(m)])).get(m.dedupeKey) ?? null;
  }

  /** A reverse-match digest: a direct alert that records the openings it lists and why. */
  async function createDigest(tx: Tx, m: DirectMessage<'opening_digest'>, listed: { openingIds: number[]; matchReasons: string }): Promise<string | null> {
    const created = await createDirect(tx, m as DirectMessage);
    if (created) await tx.notification.update({ where: { id: BigInt(created) }, data: listed });
    return created;
  }

  /** A WeChat reply row (see `wechatReplyRow`) inside the caller's transaction; its id, or null if it existed. */
  async function createWechatReply(tx: Tx, m: { dedupeKey: string; workerId: number | null; rendered: RenderedText }): Promise<string | null> {
    return (await insertDirect(tx, [wechatReplyRow(m)])).get(m.dedupeKey) ?? null;
  }

  /**
   * A slice of a broadcast's alerts, written in rank order (ids follow the rank), unless a fill
   * or close meanwhile cancelled the campaign. The variables are one row; the per-worker
   * columns travel as joined text (a 100,000-element array parameter costs more to encode than
   * the insert itself). Returns the ids written.
   */
  /**
   * A broadcast's alert to a worker who gets calls (asked by text, or marked by a caseworker,
   * and has not pressed 9) is a call (docs/aliyun-voice.md); everyone else's is an SMS.
   */
  const voiceOn = (config.VOICE_DRIVER ?? 'off') !== 'off';
  const callsTo = voiceOn
    ? Prisma.sql`(CASE WHEN (w.wants_calls OR w.needs_calls) AND w.calls_stopped_at IS NULL THEN 'voice' ELSE 'sms' END)::"Channel"`
    : Prisma.sql`'sms'::"Channel"`;

  async function createCampaignAlerts(
    campaignId: number,
    openingId: number,
    rendered: RenderedText,
    segments: number,
    slice: { workerId: number; score: number; reasons: string[] }[],
  ): Promise<bigint[]> {
    const inserted = await db.$queryRaw<{ id: bigint }[]>`
        INSERT INTO notifications (campaign_id, worker_id, kind, channel, phone, template_code, template_params, content, segments,
                                   status, score, match_reasons, opening_ids, updated_at)
        SELECT ${campaignId}, w.id, 'alert', ${callsTo}, w.phone, ${rendered.templateCode}, ${JSON.stringify(rendered.params)}::jsonb,
               ${rendered.text}, ${segments}, 'queued', u.score, u.reasons, ARRAY[${openingId}]::int[], now()
        FROM unnest(string_to_array(${slice.map((m) => m.workerId).join(',')}, ',')::int[],
                    string_to_array(${slice.map((m) => m.score).join(',')}, ',')::int[],
                    string_to_array(${slice.map((m) => m.reasons.join('·')).join('\n')}, E'\n')) WITH ORDINALITY AS u(id, score, reasons, rank)
        JOIN workers w ON w.id = u.id
        -- A fill or close meanwhile cancelled the campaign: write no more of it.
        WHERE EXISTS (SELECT 1 FROM campaigns c WHERE c.id = ${campaignId} AND c.status = 'matching')
        ORDER BY u.rank
        ON CONFLICT (campaign_id, worker_id) DO NOTHING
        RETURNING id`;
    return inserted.map((r) => r.id);
  }

  /**
   * A campaign's alerts to shared phones (docs/shared-phones.md): one message per phone for
   * everyone on it the opening fits, each with its own text (it names them). The row belongs to
   * the first of them; the others are in also_for, so each one's history counts the alert. By
   * SMS: the text names people and numbers a call would have to read out.
   */
  async function createSharedAlerts(
    campaignId: number,
    openingId: number,
    rows: { workerId: number; alsoFor: number[]; score: number; reasons: string; rendered: RenderedText; segments: number }[],
  ): Promise<bigint[]> {
    if (rows.length === 0) return [];
    const data = JSON.stringify(
      rows.map((r, i) => ({ i, w: r.workerId, also: r.alsoFor.join(','), score: r.score, reasons: r.reasons, tc: r.rendered.templateCode, tp: r.rendered.params, c: r.rendered.text, s: r.segments })),
    );
    const inserted = await db.$queryRaw<{ id: bigint }[]>`
        INSERT INTO notifications (campaign_id, worker_id, kind, channel, phone, template_code, template_params, content, segments,
                                   status, score, match_reasons, opening_ids, also_for, updated_at)
        SELECT ${campaignId}, w.id, 'alert', 'sms', w.phone, r.tc, r.tp, r.c, r.s, 'queued', r.score, r.reasons, ARRAY[${openingId}]::int[],
               coalesce(string_to_array(nullif(r.also, ''), ',')::int[], '{}'), now()
        FROM jsonb_to_recordset(${data}::jsonb) AS r(i int, w int, also text, score int, reasons text, tc text, tp jsonb, c text, s int)
        JOIN workers w ON w.id = r.w
        WHERE EXISTS (SELECT 1 FROM campaigns c WHERE c.id = ${campaignId} AND c.status = 'matching')
        ORDER BY r.i
        ON CONFLICT (campaign_id, worker_id) DO NOTHING
        RETURNING id`;
    return inserted.map((r) => r.id);
  }

  /**
   * Ladder steps' messages (docs/ladder.md): each the alert's own text and variables, by the
   * step's channel, outside the campaign (whose rows are one per worker), keyed
   * `ladder:<alert id>:<channel>` so that each can be written once only. Inside the caller's
   * transaction; returns those written (a key that existed writes nothing).
   */
  async function createLadderMessages(tx: Tx, steps: { stepId: bigint; alertId: bigint; channel: 'sms' | 'voice' }[]): Promise<{ stepId: bigint; id: bigint }[]> {
    if (!steps.length) return [];
    const keyOf = (s: { alertId: bigint; channel: string }) => `ladder:${s.alertId}:${s.channel}`;
    const rows = await tx.$queryRaw<{ id: bigint; dedupe_key: string }[]>`
      INSERT INTO notifications (dedupe_key, worker_id, kind, channel, phone, template_code, template_params, content, segments, status, opening_ids, updated_at)
      SELECT d.k, a.worker_id, 'alert', d.ch::"Channel", w.phone, a.template_code, a.template_params, a.content,
             CASE WHEN d.ch = 'voice' THEN 0 ELSE a.segments END, 'queued', ARRAY[c.opening_id]::int[], now()
      FROM jsonb_to_recordset(${JSON.stringify(steps.map((s) => ({ k: keyOf(s), a: String(s.alertId), ch: s.channel })))}::jsonb) AS d(k text, a bigint, ch text)
      JOIN notifications a ON a.id = d.a JOIN workers w ON w.id = a.worker_id JOIN campaigns c ON c.id = a.campaign_id
      ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
      RETURNING id, dedupe_key`;
    const byKey = new Map(rows.map((r) => [r.dedupe_key, r.id]));
    return steps.filter((s) => byKey.has(keyOf(s))).map((s) => ({ stepId: s.stepId, id: byKey.get(keyOf(s))! }));
  }

  /** A reminder run's messages, one per worker the condition (over `workers w`) selects. */
  async function createReminderMessages(tx: Tx, campaignId: number, rendered: RenderedText, segments: number, recipients: Prisma.Sql): Promise<void> {
    await tx.$executeRaw`
          INSERT INTO notifications (campaign_id, worker_id, kind, channel, phone, template_code, template_params, content, segments, status, updated_at)
          SELECT ${campaignId}, w.id, 'reminder', 'sms', w.phone, ${rendered.templateCode}, ${JSON.stringify(rendered.params)}::jsonb,
                 ${rendered.text}, ${segments}, 'queued', now()
          FROM workers w WHERE ${recipients}
          ORDER BY w.id`;
  }

  // ── Sending (the notify worker) ───────────────────────────────────────────────────────

  /** A ladder step's own message (docs/ladder.md): outside the campaign, keyed `ladder:<alert>:<channel>`. */
  const ladderRow = Prisma.sql`(q.campaign_id IS NULL AND q.dedupe_key LIKE 'ladder:%')`;

  /**
   * Claiming is the only step that moves a message out of `queued`: whichever job claims it
   * sends it, so a duplicated job or a re-run after a crash cannot send twice. The same
   * statement cancels alerts that must no longer go (opt-out, pause, invalid phone, the opening
   * filled, closed, expired or, for day labour, started), checked at the moment of sending.
   */
  async function claim(ids: readonly string[], outId: string): Promise<ClaimedRow[]> {
    // On the pg pool, outside Prisma's client: once per notify job (docs/reply-storm.md, round 3).
    const rows = await rawQuery<Omit<ClaimedRow, 'id'> & { id: string }>(db, 'notify-claim', Prisma.sql`
        UPDATE notifications n SET
          status = CASE WHEN x.cancel IS NULL THEN 'sending'::"NotificationStatus" ELSE 'cancelled'::"NotificationStatus" END,
          attempts = n.attempts + CASE WHEN x.cancel IS NULL THEN 1 ELSE 0 END,
          out_id = CASE WHEN x.cancel IS NULL THEN ${outId} ELSE n.out_id END,
          error_code = COALESCE(x.cancel, n.error_code),
          updated_at = now()
        FROM (
          -- A ladder step (docs/ladder.md) goes by its own channel only: never routed to WeChat.
          SELECT q.id, CASE WHEN q.kind IN ('alert', 'reminder') AND w.preferred_channel = 'wechat' AND q.channel <> 'voice' AND NOT ${ladderRow} THEN w.wechat_open_id END AS wechat_open_id,
            -- A call whose worker stopped calls (pressed 9) since it was queued goes as an SMS.
            (q.channel = 'voice' AND w.calls_stopped_at IS NULL AND ${voiceOn}) AS call_ok, o.id AS opening_id,
            -- Answers to texts from a number the service has no worker record for older than a
            -- day: counted against the hourly ceiling on answers to never-seen numbers.
            (q.campaign_id IS NULL AND q.kind IN ('reply', 'verification', 'alert') AND q.phone IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM workers k WHERE k.phone = q.phone AND k.created_at < now() - interval '1 day')) AS new_number,
            CASE
              WHEN q.kind IN ('alert', 'reminder') AND w.status = 'opted_out' THEN 'OPTED_OUT'
              WHEN q.kind IN ('alert', 'reminder') AND w.status = 'paused' THEN 'PAUSED'
              WHEN q.kind IN ('alert', 'reminder') AND w.phone_invalid THEN 'PHONE_INVALID'
              WHEN q.kind = 'alert' AND o.status <> 'open' THEN 'OPENING_' || upper(o.status::text)
              WHEN q.kind = 'alert' AND o.expires_at <= now() THEN 'OPENING_EXPIRED'
              -- The rest of isLive (src/domain/opening-life.ts): day labour that has started.
              WHEN q.kind = 'alert' AND o.day_labour AND o.starts_at <= now() THEN 'OPENING_STARTED'
              WHEN q.kind IN ('alert', 'reminder') AND c.status = 'cancelled' THEN 'CAMPAIGN_CANCELLED'
              -- A ladder's call whose worker stopped calls is not turned into a second SMS; a
              -- ladder step stops on any text or WeChat message since it was written.
              WHEN ${ladderRow} AND q.channel = 'voice' AND (w.calls_stopped_at IS NOT NULL OR NOT ${voiceOn}) THEN 'CALLS_STOPPED'
              WHEN ${ladderRow} AND EXISTS (SELECT 1 FROM inbound_messages i WHERE i.worker_id = q.worker_id AND i.received_at >= q.created_at) THEN 'LADDER_REPLIED'
              -- A text after a hire (docs/after-hire.md) goes only while the hire stands.
              WHEN q.kind = 'reminder' AND q.campaign_id IS NULL AND q.dedupe_key LIKE 'after-hire:%'
                AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.id = split_part(q.dedupe_key, ':', 2)::int AND a.status = 'hired') THEN 'NOT_HIRED'
            END AS cancel
          FROM notifications q
          LEFT JOIN workers w ON w.id = q.worker_id
          LEFT JOIN campaigns c ON c.id = q.campaign_id
          LEFT JOIN openings o ON o.id = COALESCE(c.opening_id, CASE WHEN ${ladderRow} THEN q.opening_ids[1] END)
          WHERE q.id = ANY(${idArray(ids)}) AND ${statusIn(['queued'], 'q')}) x
        WHERE n.id = x.id AND ${statusIn(['queued'], 'n')}
        RETURNING n.id, n.phone, n.template_code, n.template_params::text AS params_json, n.content, n.worker_id, n.campaign_id, n.kind, n.segments, x.cancel, x.wechat_open_id, x.new_number,
          n.channel::text AS channel, x.call_ok, x.opening_id`);
    return rows.map((r) => ({ ...r, id: BigInt(r.id) }));
  }

  /** Whether any of these messages is still queued and of one of these kinds (a read). */
  async function anyQueuedOf(ids: readonly string[], kinds: readonly string[]): Promise<boolean> {
    const found = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM notifications
      WHERE id = ANY(${idArray(ids)}) AND ${statusIn(['queued'])} AND kind::text = ANY(${[...kinds]}::text[])`;
    return Number(found[0]?.n ?? 0) > 0;
  }

  /**
   * Touches a claim just before its call and gives it the call's OutId; returns the ids still
   * held by this claim (the reconciler may have put some back meanwhile).
   */
  async function touch(ids: readonly bigint[], claimOutId: string, callOutId: string): Promise<Set<bigint>> {
    // On the pg pool, outside Prisma's client: once per provider call (docs/reply-storm.md, round 3).
    const live = await rawQuery<{ id: string }>(db, 'notify-touch', Prisma.sql`
            UPDATE notifications SET updated_at = now(), out_id = ${callOutId}
            WHERE id = ANY(${idArray(ids)}) AND ${statusIn(['sending'])} AND out_id = ${claimOutId}
            RETURNING id`);
    return new Set(live.map((r) => BigInt(r.id)));
  }

  /** The provider accepted an SMS call. */
  async function markSent(ids: readonly bigint[], bizId: string): Promise<void> {
    await rawQuery(db, 'notify-sent', Prisma.sql`
            UPDATE notifications SET status = 'sent', biz_id = ${bizId}, sent_at = now(), error_code = NULL, error_message = NULL, updated_at = now()
            WHERE id = ANY(${idArray(ids)}) AND ${statusIn(['sending'])}`);
  }

  async function markFailed(ids: readonly bigint[], code: string, message: string): Promise<void> {
    await db.$executeRaw`
      UPDATE notifications SET status = 'failed', error_code = ${code}, error_message = ${clip(message)}, updated_at = now()
      WHERE id = ANY(${idArray(ids)}) AND ${statusIn(['queued', 'sending'])}`;
  }

  /** Puts a claim back in `queued` (throttled, held, split): the provider surely did not take it. */
  async function release(ids: readonly bigint[], code: string, message: string): Promise<void> {
    await db.$executeRaw`
      UPDATE notifications SET status = 'queued', error_code = ${code}, error_message = ${clip(message)}, updated_at = now()
      WHERE id = ANY(${idArray(ids)}) AND ${statusIn(['sending'])}`;
  }

  /** The call's outcome is unknown: left in `sending` with its OutId for the reconciler. */
  async function markUnknown(ids: readonly bigint[], code: string, message: string): Promise<void> {
    await db.$executeRaw`
              UPDATE notifications SET error_code = ${code}, error_message = ${clip(message)}, updated_at = now()
              WHERE id = ANY(${idArray(ids)}) AND ${statusIn(['sending'])}`;
  }

  /** Marked `wechat` before a WeChat or WeCom call (WeChat has no lookup like QuerySendDetails). */
  async function markTryingWechat(ids: readonly bigint[]): Promise<void> {
    await db.$executeRaw`UPDATE notifications SET channel = 'wechat', updated_at = now() WHERE id = ANY(${idArray(ids)}) AND ${statusIn(['sending'])}`;
  }

  /** WeChat or a WeCom robot took it: nothing billed. `bizId` undefined leaves the column as it is. */
  async function markSentFree(id: bigint, bizId?: string | null): Promise<void> {
    const biz = bizId === undefined ? Prisma.empty : Prisma.sql`biz_id = ${bizId}, `;
    await db.$executeRaw`
          UPDATE notifications SET status = 'sent', ${biz}segments = 0, sent_at = now(), error_code = NULL, error_message = NULL, updated_at = now()
          WHERE id = ${id} AND ${statusIn(['sending'])}`;
  }

  /** WeChat or WeCom refused it: it goes by SMS, the refusal kept as its error. */
  async function fallBackToSms(id: bigint, code: string, message: string): Promise<void> {
    await db.$executeRaw`
        UPDATE notifications SET channel = 'sms', error_code = ${code}, error_message = ${clip(message)}, updated_at = now()
        WHERE id = ${id} AND ${statusIn(['sending'])}`;
  }

  // ── WeChat replies (passive in the webhook answer, or the customer-service API) ─────────

  /** Marks replies as sent in the HTTP answer; returns those not yet delivered, oldest first. */
  async function claimWechatPassive(ids: readonly string[]): Promise<{ id: bigint; content: string }[]> {
    const rows = await db.$queryRaw<{ id: bigint; content: string }[]>`
        UPDATE notifications SET status = 'sent', sent_at = now(), attempts = attempts + 1, updated_at = now()
        WHERE id = ANY(${idArray(ids)}) AND ${statusIn(['sending'])} AND attempts = 0
        RETURNING id, content`;
    return rows.sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /** Claims replies for one customer-service push (each is tried at most once), oldest first. */
  async function claimWechatPush(ids: readonly string[]): Promise<{ id: bigint; content: string }[]> {
    const rows = await db.$queryRaw<{ id: bigint; content: string }[]>`
        UPDATE notifications SET attempts = attempts + 1, updated_at = now()
        WHERE id = ANY(${idArray(ids)}) AND ${statusIn(['sending'])} AND attempts = 0
        RETURNING id, content`;
    return rows.sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async function markWechatReplySent(id: bigint, msgId: string | null): Promise<void> {
    await db.notification.update({ where: { id }, data: { status: 'sent', sentAt: new Date(), bizId: msgId } });
  }

  async function markWechatReplyFailed(id: bigint, code: string, message: string): Promise<void> {
    await db.notification.update({ where: { id }, data: { status: 'failed', errorCode: code, errorMessage: clip(message) } });
  }

  // ── Cancelling and people ─────────────────────────────────────────────────────────────

  /** An opening filled, closed or expired: its queued alerts are cancelled with the reason. */
  async function cancelForOpening(openingId: number, code: string, message: string): Promise<number> {
    return db.$executeRaw`
      UPDATE notifications n SET status = 'cancelled', error_code = ${code}, error_message = ${message}, updated_at = now()
      FROM campaigns c
      WHERE c.id = n.campaign_id AND c.opening_id = ${openingId} AND n.status = 'queued'`;
  }

  /** Hires undone: their queued after-hire texts (docs/after-hire.md) are cancelled. */
  async function cancelAfterHire(tx: Tx, applicationIds: readonly number[]): Promise<number> {
    if (!applicationIds.length) return 0;
    return tx.$executeRaw`
      UPDATE notifications SET status = 'cancelled', error_code = 'NOT_HIRED', error_message = 'the hire was undone', updated_at = now()
      WHERE status = 'queued' AND (dedupe_key = ANY(${applicationIds.flatMap((id) => AFTER_HIRE_QUESTIONS.map((q) => afterHireKey(id, q)))}::text[])
        -- start reminders carry their start in the key (startReminderKey)
        OR dedupe_key LIKE ANY(${applicationIds.map((id) => `${afterHireKey(id, 'start_reminder')}:%`)}::text[]))`;
  }

  /**
   * Two worker records become one (WeChat bound to a phone): direct messages move to the kept
   * record; campaign rows are unique per (campaign, worker) and the kept record's row already
   * covers the person, so the rest lose their worker.
   */
  async function moveToWorker(tx: Tx, fromWorkerId: number, toWorkerId: number): Promise<void> {
    await tx.notification.updateMany({ where: { workerId: fromWorkerId, campaignId: null }, data: { workerId: toWorkerId } });
    await tx.notification.updateMany({ where: { workerId: fromWorkerId }, data: { workerId: null } });
  }

  /** A WeChat user left: the texts of what was sent to them over WeChat are erased. */
  async function eraseWechatTexts(tx: Tx, workerId: number): Promise<void> {
    await tx.notification.updateMany({ where: { workerId, channel: 'wechat' }, data: { content: '', templateParams: {} } });
  }

  // ── Receipts and reconciliation ───────────────────────────────────────────────────────

  /**
   * One statement for a slice of a push, its reports passed as one JSON document: store each
   * report once, then apply it to the message found by (BizId, phone), or, for a message
   * whose send answer was lost (no BizId stored), by the OutId of its call. The two lookups
   * are separate so that each reads its own two-column index (as one OR, the planner looked
   * receipts up by BizId alone and filtered a 1,000-number call's rows by phone), and they
   * are found first and updated after: a receipt that arrives while the sent write is
   * giving the row its BizId still applies once that write commits. Receipts only move a
   * message forward (sending/sent → delivered/failed).
   */
  async function applyReceipts(rows: ReceiptRow[]): Promise<{ stored: number; applied: number; failedIds: bigint[] }> {
    const set = Prisma.sql`
      status = CASE WHEN r.success THEN 'delivered'::"NotificationStatus" ELSE 'failed'::"NotificationStatus" END,
      delivered_at = CASE WHEN r.success THEN now() ELSE n.delivered_at END,
      error_code = CASE WHEN r.success THEN NULL ELSE r.err_code END,
      error_message = CASE WHEN r.success THEN NULL ELSE r.err_msg END,
      segments = COALESCE(r.sms_size, n.segments),
      biz_id = COALESCE(n.biz_id, r.biz_id),
      sent_at = COALESCE(n.sent_at, now()),
      updated_at = now()`;
    const [result] = await db.$queryRaw<{ stored: bigint; applied: bigint; failed: string[] }[]>`
      WITH r AS MATERIALIZED (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          AS r(biz_id text, phone text, success boolean, err_code text, err_msg text, out_id text, sms_size int, report_time text, raw jsonb)
      ), stored AS (
        INSERT INTO delivery_reports (biz_id, phone, success, err_code, err_msg, out_id, sms_size, report_time, raw)
        SELECT biz_id, phone, success, err_code, err_msg, out_id, sms_size, report_time, raw FROM r
        ON CONFLICT (biz_id, phone, err_code, report_time) DO NOTHING
        RETURNING 1
      ), found AS MATERIALIZED (
        SELECT m.id AS notification_id, r.* FROM r JOIN notifications m ON m.biz_id = r.biz_id AND m.phone = r.phone
        UNION ALL
        SELECT m.id, r.* FROM r JOIN notifications m ON m.biz_id IS NULL AND m.out_id = r.out_id AND m.phone = r.phone
      ), applied AS (
        UPDATE notifications n SET ${set} FROM found r
        WHERE n.id = r.notification_id AND ${statusIn(['sending', 'sent'], 'n')}
        RETURNING n.id, n.status
      )
      SELECT (SELECT count(*) FROM stored) AS stored, (SELECT count(*) FROM applied) AS applied,
        -- Failures, for the ladder (docs/ladder.md): its next step follows at once.
        (SELECT coalesce(array_agg(id::text), '{}') FROM applied WHERE status = 'failed') AS failed`;
    return { stored: Number(result?.stored ?? 0), applied: Number(result?.applied ?? 0), failedIds: (result?.failed ?? []).map(BigInt) };
  }

  /**
   * What QuerySendDetails said of a call: 3 delivered, 2 failed, else still on its way (then
   * `clearError` marks a call left in `sending` as sent; otherwise the sent row is only touched,
   * so that the next look at it waits its turn).
   */
  async function applyProviderDetail(ids: readonly bigint[], d: { status: number; errCode?: string | null }, clearError: boolean): Promise<void> {
    if (d.status === 3) {
      await db.$executeRaw`
        UPDATE notifications SET status = 'delivered', delivered_at = now(), sent_at = COALESCE(sent_at, now()),
          error_code = NULL, error_message = NULL, updated_at = now()
        WHERE id = ANY(${idArray(ids)}) AND ${statusIn(['sending', 'sent'])}`;
    } else if (d.status === 2) {
      await db.$executeRaw`
        UPDATE notifications SET status = 'failed', sent_at = COALESCE(sent_at, now()), error_code = ${d.errCode ?? 'UNDELIVERED'},
          error_message = 'carrier receipt via QuerySendDetails', updated_at = now()
        WHERE id = ANY(${idArray(ids)}) AND ${statusIn(['sending', 'sent'])}`;
    } else if (clearError) {
      await db.$executeRaw`
        UPDATE notifications SET status = 'sent', sent_at = COALESCE(sent_at, now()), error_code = NULL, error_message = NULL, updated_at = now()
        WHERE id = ANY(${idArray(ids)}) AND ${statusIn(['sending'])}`;
    } else {
      await db.$executeRaw`UPDATE notifications SET updated_at = now() WHERE id = ANY(${idArray(ids)}) AND ${statusIn(['sent'])}`;
    }
  }

  /** Calls with no trace at the provider: back to `queued`, only if their claim is still older than `claimedBefore`. */
  async function putBack(ids: readonly bigint[], claimedBefore: Date): Promise<RequeuedRow[]> {
    return db.$queryRaw<RequeuedRow[]>`
        UPDATE notifications SET status = 'queued', resends = resends + 1, error_code = 'RECONCILE_NO_TRACE',
          error_message = 'no trace at the provider after a crash or timeout; sending again', updated_at = now()
        WHERE id = ANY(${idArray(ids)}) AND ${statusIn(['sending'])}
          AND updated_at < ${claimedBefore}
        RETURNING id, campaign_id, kind::text AS kind`;
  }

  /**
   * Campaign messages still queued and untouched since `untouchedSince` (their job was lost):
   * touched, so that the next sweep leaves them alone while their new job runs. `quiet` skips
   * the kinds quiet hours hold back.
   */
  async function takeLost(untouchedSince: Date, quiet: boolean, deferrable: readonly string[], limit: number): Promise<RequeuedRow[]> {
    return db.$queryRaw<RequeuedRow[]>`
      UPDATE notifications SET updated_at = now()
      WHERE id IN (
        SELECT id FROM notifications
        WHERE status = 'queued' AND campaign_id IS NOT NULL
          AND updated_at < ${untouchedSince}
          AND (${!quiet} OR kind::text <> ALL(${[...deferrable]}::text[]))
        ORDER BY id LIMIT ${limit})
      RETURNING id, campaign_id, kind::text AS kind`;
  }

  /** WeChat replies whose call a crash interrupted: failed, not risked twice. */
  async function failWechatUnconfirmed(ids: readonly bigint[]): Promise<number> {
    return db.$executeRaw`
        UPDATE notifications SET status = 'failed', error_code = 'WECHAT_UNCONFIRMED',
          error_message = 'the process stopped during the WeChat call; not sent again, to avoid a duplicate', updated_at = now()
        WHERE id = ANY(${idArray(ids)}) AND ${statusIn(['sending'])} AND attempts > 0`;
  }

  /** WeChat replies whose recipient left (unfollowed, their WeChat data erased) before they went. */
  async function failWechatOrphaned(ids: readonly bigint[]): Promise<number> {
    return db.$executeRaw`
        UPDATE notifications SET status = 'failed', error_code = 'WECHAT_NO_RECIPIENT',
          error_message = 'the WeChat user left before the reply went', updated_at = now()
        WHERE id = ANY(${idArray(ids)}) AND ${statusIn(['sending'])}`;
  }

  /** Retention: replies and notices to no worker, settled and old, found through the (worker_id, created_at) index. */
  async function pruneSettled(cutoff: Date, batchSize: number, maxBatches: number): Promise<number> {
    let deleted = 0;
    for (let i = 0; i < maxBatches; i++) {
      const n = await db.$executeRaw`
        DELETE FROM notifications WHERE id IN (
          SELECT id FROM notifications
          WHERE worker_id IS NULL AND created_at < ${cutoff} AND campaign_id IS NULL
            AND status::text IN ('sent', 'delivered', 'failed', 'cancelled')
          ORDER BY created_at LIMIT ${batchSize})`;
      deleted += n;
      if (n < batchSize) break;
    }
    return deleted;
  }

  // ── Calls (docs/aliyun-voice.md) ──────────────────────────────────────────────────────

  /** A call that will not be placed (calls stopped, voice off) goes as the SMS it was rendered as. */
  async function callAsSms(ids: readonly bigint[], code: string): Promise<void> {
    await db.$executeRaw`
      UPDATE notifications SET channel = 'sms', error_code = ${code}, updated_at = now()
      WHERE id = ANY(${idArray(ids)}) AND ${statusIn(['sending'])} AND channel = 'voice'`;
  }

  /**
   * Takes a call's turn on its number: under a lock per number, reads the calls placed to it
   * since `since` (placed, settled, or in flight: a call being placed has its `v…` OutId), asks
   * `freeAt` when one more may go, and if now, gives the claim the call's OutId, so that a second
   * job calling the same number at the same moment sees this one (docs/aliyun-voice.md, limits).
   * Returns when the number is free if it is not now, else whether the claim is still held.
   */
  async function takeCallTurn(
    call: { id: bigint; phone: string; claimOutId: string; callOutId: string },
    since: Date,
    freeAt: (past: Date[]) => Date,
    now: Date,
  ): Promise<{ waitUntil: Date } | { held: boolean }> {
    return db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`voice:${call.phone}`}))`;
      const rows = await tx.$queryRaw<{ at: Date }[]>`
        SELECT COALESCE(sent_at, updated_at) AS at FROM notifications
        WHERE channel = 'voice' AND phone = ${call.phone} AND id <> ${call.id}
          AND (sent_at > ${since} OR (status = 'sending' AND out_id LIKE 'v%' AND updated_at > ${since}))`;
      const free = freeAt(rows.map((r) => r.at));
      if (free > now) return { waitUntil: free };
      const touched = await tx.$executeRaw`
        UPDATE notifications SET updated_at = now(), out_id = ${call.callOutId}
        WHERE id = ${call.id} AND ${statusIn(['sending'])} AND out_id = ${call.claimOutId}`;
      return { held: touched > 0 };
    });
  }

  /**
   * One statement for a push of call receipts: store each once (`dedupe_key`), then apply the
   * final ones to the call they name (by CallId, else by OutId when the call's answer was lost).
   * A call moves forward only (sending/sent → delivered when answered, failed otherwise; a call
   * the reconciler gave up as unconfirmed still takes its real receipt). Returns what was newly
   * stored, with the call's worker and opening, for the keys pressed.
   */
  async function applyVoiceReports(rows: VoiceReportRow[]): Promise<VoiceReportApplied[]> {
    return db.$queryRaw<VoiceReportApplied[]>`
      WITH r AS MATERIALIZED (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          AS r(dedupe_key text, call_id text, out_id text, phone text, status_code text, dtmf text, duration int,
               report_time text, final boolean, answered boolean, reason text, raw jsonb)
      ), found AS MATERIALIZED (
        SELECT DISTINCT ON (r.dedupe_key) r.dedupe_key, m.id, m.worker_id, m.campaign_id, m.phone AS call_phone
        FROM r JOIN notifications m ON m.channel = 'voice'
          AND ((m.biz_id = r.call_id) OR (m.biz_id IS NULL AND r.out_id IS NOT NULL AND m.out_id = r.out_id))
        ORDER BY r.dedupe_key, m.id
      ), stored AS (
        INSERT INTO voice_reports (dedupe_key, call_id, out_id, phone, status_code, dtmf, duration, report_time, notification_id, raw)
        SELECT r.dedupe_key, r.call_id, r.out_id, r.phone, r.status_code, r.dtmf, r.duration, r.report_time, f.id, r.raw
        FROM r LEFT JOIN found f ON f.dedupe_key = r.dedupe_key
        ON CONFLICT (dedupe_key) DO NOTHING
        RETURNING dedupe_key, notification_id, dtmf, call_id, phone
      ), applied AS (
        UPDATE notifications n SET
          status = CASE WHEN r.answered THEN 'delivered'::"NotificationStatus" ELSE 'failed'::"NotificationStatus" END,
          delivered_at = CASE WHEN r.answered THEN now() ELSE n.delivered_at END,
          error_code = CASE WHEN r.answered THEN NULL ELSE 'VOICE_' || r.status_code END,
          error_message = CASE WHEN r.answered THEN NULL ELSE r.reason END,
          biz_id = COALESCE(n.biz_id, r.call_id),
          sent_at = COALESCE(n.sent_at, now()),
          updated_at = now()
        FROM r JOIN found f ON f.dedupe_key = r.dedupe_key
        WHERE n.id = f.id AND r.final
          AND (${statusIn(['sending', 'sent'], 'n')} OR (n.status = 'failed' AND n.error_code = 'VOICE_UNCONFIRMED'))
        RETURNING n.id, n.status
      )
      SELECT s.dedupe_key, s.notification_id, s.dtmf, s.call_id, COALESCE(f.call_phone, s.phone) AS phone, f.worker_id, o.code AS opening_code,
             (SELECT count(*) FROM applied)::int AS applied,
             (SELECT coalesce(array_agg(id::text), '{}') FROM applied WHERE status = 'failed') AS failed_ids
      FROM stored s
      LEFT JOIN found f ON f.dedupe_key = s.dedupe_key
      LEFT JOIN campaigns c ON c.id = f.campaign_id
      LEFT JOIN openings o ON o.id = c.opening_id`;
  }

  /** Calls placed (a CallId) with no receipt yet, older than `before`: for QueryCallDetailByCallId. */
  async function callsAwaitingReceipt(before: Date, since: Date, limit: number): Promise<{ id: bigint; biz_id: string; phone: string; sent_at: Date }[]> {
    return db.$queryRaw`
      SELECT id, biz_id, phone, sent_at FROM notifications
      WHERE status = 'sent' AND channel = 'voice' AND biz_id IS NOT NULL AND phone IS NOT NULL
        AND sent_at < ${before} AND updated_at < ${before} AND sent_at > ${since}
      ORDER BY updated_at LIMIT ${limit}`;
  }

  /**
   * Calls whose request timed out or whose answer was lost (no CallId) for longer than
   * `before`: given up as unconfirmed, never placed again (a second call rings the worker twice);
   * a receipt that comes later, by OutId, still settles them.
   */
  async function failUnconfirmedCalls(before: Date): Promise<number> {
    return db.$executeRaw`
      UPDATE notifications SET status = 'failed', error_code = 'VOICE_UNCONFIRMED',
        error_message = 'no answer to the call request and no receipt; not called again, to avoid ringing twice', updated_at = now()
      WHERE status = 'sending' AND channel = 'voice' AND biz_id IS NULL AND updated_at < ${before}`;
  }

  /** A worker pressed 9 or texted 不要打电话: no more calls; their queued calls go as SMS. */
  async function stopCalls(workerId: number): Promise<void> {
    await db.$transaction([
      db.$executeRaw`UPDATE workers SET calls_stopped_at = COALESCE(calls_stopped_at, now()) WHERE id = ${workerId}`,
      db.$executeRaw`UPDATE notifications SET channel = 'sms', error_code = 'CALLS_STOPPED', updated_at = now()
        WHERE worker_id = ${workerId} AND channel = 'voice' AND status = 'queued' AND (dedupe_key IS NULL OR dedupe_key NOT LIKE 'ladder:%')`,
    ]);
  }

  // ── Campaigns ─────────────────────────────────────────────────────────────────────────

  /**
   * Completes a campaign that is sending and has nothing left queued or in flight. Called by
   * whoever may have made the last move: the notify job that sent the last message, and the
   * matcher once it has queued everything (its jobs may all have finished before that).
   */
  async function finishCampaign(campaignId: number): Promise<boolean> {
    const n = await db.$executeRaw`
    UPDATE campaigns SET status = 'completed', finished_at = now()
    WHERE id = ${campaignId} AND status = 'sending'
      AND NOT EXISTS (SELECT 1 FROM notifications WHERE campaign_id = ${campaignId} AND status IN ('queued', 'sending'))`;
    return n > 0;
  }

  /** `finishCampaign` for each campaign a batch touched. */
  async function finishCampaigns(campaignIds: readonly (number | null)[]): Promise<void> {
    for (const id of new Set(campaignIds)) if (id !== null) await finishCampaign(id);
  }

  // Grouped by stage: creation; sending; WeChat replies; cancelling, people, retention; receipts
  // and reconciliation; campaigns.
  return {
    createDirect, createDigest, createWechatReply, directRow, wechatReplyRow, insertDirect, createCampaignAlerts, createSharedAlerts, createReminderMessages, createLadderMessages,
    anyQueuedOf, claim, touch, markSent, markFailed, release, markUnknown, markTryingWechat, markSentFree, fallBackToSms,
    claimWechatPassive, claimWechatPush, markWechatReplySent, markWechatReplyFailed,
    cancelForOpening, cancelAfterHire, moveToWorker, eraseWechatTexts, pruneSettled,
    applyReceipts, applyProviderDetail, putBack, takeLost, failWechatUnconfirmed, failWechatOrphaned,
    callAsSms, takeCallTurn, applyVoiceReports, callsAwaitingReceipt, failUnconfirmedCalls, stopCalls,
    finishCampaign, finishCampaigns,
    // Notify jobs, with their one id scheme (notify-jobs.ts).
    ...jobs,
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
