import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import { Prisma, type Db } from '../../db/prisma.js';
import { LADDER_ORDER, callTaskReason, decide, ladderSteps, waitFor, type LadderChannel, type LadderDecision, type StopReason, type TakenStep } from '../../domain/ladder.js';
import type { Metrics } from '../../metrics.js';
import type { Principal } from '../../domain/access.js';
import { NotFoundError } from '../../errors.js';
import type { AuditLog } from '../access/audit-log.js';
import type { Outbox } from './outbox.js';

/**
 * The receipt-driven ladder (issue 16 §2, docs/ladder.md). Per campaign alert and worker, in
 * a station that turned it on: the alert itself (WeChat inside the 48-hour window, else SMS,
 * or a call for a worker who gets calls), then SMS, voice and a caseworker call task, each
 * taken when the one before failed (a receipt, or the send) or went without a reply for the
 * opening type's wait. Steps are rows of `ladder_steps`, unique per (alert, step number) and
 * (alert, channel); a step's message is a notification keyed `ladder:<alert>:<channel>`
 * (written by the outbox, the ledger's one owner). Taking a step first settles the current one
 * (`outcome IS NULL` → set, under its row lock), so a late or repeated receipt, a re-run sweep,
 * or both at once, take each step at most once.
 */

export interface LadderDeps {
  config: Pick<Config, 'LADDER_WAIT_DAY_LABOUR_MINUTES' | 'LADDER_WAIT_WORKSHOP_HOURS'> & Partial<Pick<Config, 'VOICE_DRIVER'>>;
  db: Db;
  outbox: Pick<Outbox, 'createLadderMessages' | 'queueSendJobs'>;
  metrics: Pick<Metrics, 'ladderSteps' | 'ladderStops'>;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Station switches are audited (`ladder.settings`). */
  audit: Pick<AuditLog, 'record'>;
  now?: () => Date;
}

/** One current step with everything `decide` reads. */
interface OpenRow {
  id: bigint;
  alert_id: bigint;
  step_no: number;
  worker_id: number;
  opening_id: number;
  campaign_id: number;
  opening_status: string;
  expires_at: Date | null;
  day_labour: boolean;
  starts_at: Date | null;
  worker_status: string;
  has_phone: boolean;
  wechat_bound: boolean;
  sms_off: boolean;
  calls_stopped: boolean;
  last_wechat_at: Date | null;
  replied_at: Date | null;
  flag_voice: boolean | null;
  flag_call_task: boolean | null;
  /** Every step of the ladder so far, in order, as JSON: channel, status, sent_at, outcome. */
  steps: { channel: string; status: TakenStep['status']; sent_at: string | null; outcome: string | null }[];
}

/** A step to take: the current one (`row`) is settled with `trigger`. */
interface Next {
  row: OpenRow;
  channel: LadderChannel;
  trigger: 'failed' | 'no_reply';
  /** A call task's reason in words. */
  reason: string | null;
}

/** Open ladders read, and acted on, per batch. */
const BATCH = 1000;

export function createLadderService({ config, db, outbox, metrics, audit, now = () => new Date() }: LadderDeps) {
  const voiceOn = (config.VOICE_DRIVER ?? 'off') !== 'off';

  /** The station's switches for a worker's place: the longest code that is a prefix of it. */
  const flagsOf = (place: Prisma.Sql) => Prisma.sql`(
    SELECT s FROM ladder_settings s WHERE ${place} LIKE s.division_code || '%' ORDER BY length(s.division_code) DESC LIMIT 1)`;

  /**
   * Starts ladders for a broadcast's alerts just written (before their send jobs): one step-1
   * row per alert whose worker's station has the ladder on. A re-run adds nothing twice.
   */
  async function start(campaignId: number, alertIds: readonly bigint[]): Promise<number> {
    if (!alertIds.length) return 0;
    // Most stations have no ladder: a broadcast then pays one lookup per slice, nothing per alert.
    const any = await db.$queryRaw<{ on: boolean }[]>`SELECT EXISTS (SELECT 1 FROM ladder_settings WHERE enabled) AS on`;
    if (!any[0]?.on) return 0;
    return db.$executeRaw`
      INSERT INTO ladder_steps (alert_id, step_no, channel, notification_id, worker_id, opening_id, campaign_id)
      SELECT n.id, 1, n.channel::text, n.id, n.worker_id, c.opening_id, n.campaign_id
      FROM notifications n JOIN campaigns c ON c.id = n.campaign_id JOIN workers w ON w.id = n.worker_id
      WHERE n.id = ANY(${alertIds.map(String)}::text[]::bigint[]) AND n.campaign_id = ${campaignId}
        AND (${flagsOf(Prisma.sql`coalesce(w.division_code, '')`)}).enabled IS TRUE
      ON CONFLICT DO NOTHING`;
  }

  async function openLadders(opts: { alertIds?: readonly bigint[]; afterId: bigint }): Promise<OpenRow[]> {
    const only = opts.alertIds ? Prisma.sql`AND s.alert_id = ANY(${opts.alertIds.map(String)}::text[]::bigint[])` : Prisma.empty;
    return db.$queryRaw<OpenRow[]>`
      SELECT s.id, s.alert_id, s.step_no, s.worker_id, s.opening_id, s.campaign_id,
             o.status::text AS opening_status, o.expires_at, o.day_labour, o.starts_at,
             w.status::text AS worker_status, (w.phone IS NOT NULL AND NOT w.phone_invalid) AS has_phone,
             (w.preferred_channel = 'wechat' AND w.wechat_open_id IS NOT NULL) AS wechat_bound, w.sms_off,
             (w.calls_stopped_at IS NOT NULL) AS calls_stopped,
             (SELECT max(i.received_at) FROM inbound_messages i WHERE i.worker_id = s.worker_id AND i.channel = 'wechat') AS last_wechat_at,
             (SELECT min(i.received_at) FROM inbound_messages i WHERE i.worker_id = s.worker_id AND i.received_at >= root.created_at) AS replied_at,
             (f.s).voice AS flag_voice, (f.s).call_task AS flag_call_task,
             (SELECT json_agg(json_build_object('channel', coalesce(CASE WHEN m.channel::text IN ('sms', 'voice', 'wechat') THEN m.channel::text END, a.channel),
                                                'status', m.status::text, 'sent_at', m.sent_at, 'outcome', a.outcome) ORDER BY a.step_no)
                FROM ladder_steps a LEFT JOIN notifications m ON m.id = a.notification_id WHERE a.alert_id = s.alert_id) AS steps
      FROM ladder_steps s
      JOIN notifications root ON root.id = s.alert_id
      JOIN openings o ON o.id = s.opening_id
      JOIN workers w ON w.id = s.worker_id
      LEFT JOIN LATERAL (SELECT ${flagsOf(Prisma.sql`coalesce(w.division_code, '')`)} AS s) f ON TRUE
      WHERE s.outcome IS NULL AND s.id > ${opts.afterId} ${only}
      ORDER BY s.id LIMIT ${BATCH}`;
  }

  function decisionFor(r: OpenRow, at: Date): LadderDecision {
    const taken: TakenStep[] = r.steps.map((t) => ({
      channel: t.channel as LadderChannel,
      status: t.status,
      sentAt: t.sent_at ? new Date(t.sent_at) : null,
      outcome: t.outcome,
    }));
    const exists = ladderSteps(
      { hasPhone: r.has_phone, wechatBound: r.wechat_bound, lastWechatAt: r.last_wechat_at, smsOff: r.sms_off, callsStopped: r.calls_stopped },
      { voice: r.flag_voice ?? false, callTask: r.flag_call_task ?? false },
      voiceOn,
      at,
    );
    return decide(
      {
        taken,
        exists,
        opening: { status: r.opening_status, expiresAt: r.expires_at, dayLabour: r.day_labour, startsAt: r.starts_at },
        workerStatus: r.worker_status,
        repliedAt: r.replied_at,
        waitMs: waitFor(r.day_labour, config),
      },
      at,
    );
  }

  /**
   * Settles the current steps and takes the next ones, for a whole batch in one transaction and
   * a few statements: a step already settled by another caller (a receipt and the sweep at
   * once) is left out, so it is taken once. Returns the steps taken and the messages to queue.
   */
  async function takeNext(next: Next[]): Promise<{ taken: Next[]; messageIds: bigint[] }> {
    if (!next.length) return { taken: [], messageIds: [] };
    return db.$transaction(async (tx) => {
      const won = await tx.$queryRaw<{ id: bigint }[]>`
        UPDATE ladder_steps s SET outcome = d.trigger, settled_at = now(),
          -- Step 1 is recorded under the channel the alert went by (WeChat, or SMS after WeChat refused).
          channel = CASE WHEN s.step_no = 1 THEN coalesce((SELECT m.channel::text FROM notifications m WHERE m.id = s.notification_id AND m.channel::text IN ('sms', 'voice', 'wechat')), s.channel) ELSE s.channel END
        FROM jsonb_to_recordset(${JSON.stringify(next.map((n) => ({ id: String(n.row.id), trigger: n.trigger })))}::jsonb) AS d(id bigint, trigger text)
        WHERE s.id = d.id AND s.outcome IS NULL
        RETURNING s.id`;
      const ids = new Set(won.map((w) => w.id));
      const taken = next.filter((n) => ids.has(n.row.id));
      if (!taken.length) return { taken, messageIds: [] };
      // Unique (alert, step) and (alert, channel): a conflict is a bug, and rolls the settles back.
      const rows = taken.map(({ row: r, channel, trigger, reason }) => ({
        a: String(r.alert_id), n: r.step_no + 1, ch: channel, w: r.worker_id, o: r.opening_id, c: r.campaign_id, t: trigger, r: reason,
      }));
      const steps = await tx.$queryRaw<{ id: bigint; alert_id: bigint; channel: string }[]>`
        INSERT INTO ladder_steps (alert_id, step_no, channel, worker_id, opening_id, campaign_id, trigger, outcome, reason, settled_at)
        SELECT d.a, d.n, d.ch, d.w, d.o, d.c, d.t, CASE WHEN d.ch = 'call_task' THEN 'task' END, d.r, CASE WHEN d.ch = 'call_task' THEN now() END
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS d(a bigint, n int, ch text, w int, o int, c int, t text, r text)
        RETURNING id, alert_id, channel`;
      const sends = steps.filter((x) => x.channel === 'sms' || x.channel === 'voice').map((x) => ({ stepId: x.id, alertId: x.alert_id, channel: x.channel as 'sms' | 'voice' }));
      // The one place ladder messages are written; their keys make a second one impossible.
      const messages = await outbox.createLadderMessages(tx, sends);
      if (messages.length !== sends.length) throw new Error(`ladder: ${sends.length - messages.length} step messages existed already`);
      await tx.$executeRaw`
        UPDATE ladder_steps s SET notification_id = d.m
        FROM jsonb_to_recordset(${JSON.stringify(messages.map((m) => ({ s: String(m.stepId), m: String(m.id) })))}::jsonb) AS d(s bigint, m bigint)
        WHERE s.id = d.s`;
      return { taken, messageIds: messages.map((m) => m.id) };
    });
  }

  async function stop(stops: { row: OpenRow; reason: string }[]): Promise<Set<bigint>> {
    if (!stops.length) return new Set();
    const done = await db.$queryRaw<{ id: bigint }[]>`
      UPDATE ladder_steps s SET outcome = 'stopped:' || d.reason, settled_at = now()
      FROM jsonb_to_recordset(${JSON.stringify(stops.map((x) => ({ id: String(x.row.id), reason: x.reason })))}::jsonb) AS d(id bigint, reason text)
      WHERE s.id = d.id AND s.outcome IS NULL
      RETURNING s.id`;
    return new Set(done.map((d) => d.id));
  }

  /** Looks at open ladders (all, or those of these alerts) and acts on each; counts what it did. */
  async function evaluate(opts: { alertIds?: readonly bigint[]; now?: Date } = {}): Promise<{ looked: number; taken: Record<string, number>; stopped: Record<string, number>; waiting: number }> {
    const at = opts.now ?? now();
    const taken: Record<string, number> = {};
    const stopped: Record<string, number> = {};
    let looked = 0;
    let waiting = 0;
    let afterId = 0n;
    for (;;) {
      const rows = await openLadders({ alertIds: opts.alertIds, afterId });
      if (!rows.length) break;
      afterId = rows[rows.length - 1]!.id;
      looked += rows.length;
      const next: Next[] = [];
      const stops: { row: OpenRow; reason: StopReason }[] = [];
      for (const r of rows) {
        const d = decisionFor(r, at);
        if (d.type === 'wait') waiting += 1;
        else if (d.type === 'stop') stops.push({ row: r, reason: d.reason });
        else {
          const before = r.steps.map((t, i) => ({ channel: t.channel as LadderChannel, outcome: i === r.steps.length - 1 ? d.trigger : t.outcome }));
          next.push({ row: r, channel: d.channel, trigger: d.trigger, reason: d.channel === 'call_task' ? callTaskReason(before) : null });
        }
      }
      const ended = await stop(stops);
      for (const x of stops.filter((y) => ended.has(y.row.id))) {
        stopped[x.reason] = (stopped[x.reason] ?? 0) + 1;
        metrics.ladderStops.inc({ reason: x.reason });
      }
      const t = await takeNext(next);
      for (const n of t.taken) {
        taken[n.channel] = (taken[n.channel] ?? 0) + 1;
        metrics.ladderSteps.inc({ channel: n.channel, trigger: n.trigger });
      }
      if (t.messageIds.length) await outbox.queueSendJobs(null, t.messageIds, at);
      if (rows.length < BATCH) break;
    }
    return { looked, taken, stopped, waiting };
  }

  return {
    start,
    evaluate,
    /** The periodic sweep (in the reconcile run): waits that ran out, failures no receipt reported. */
    sweep: (at?: Date) => evaluate({ now: at }),
    /**
     * Receipts that failed messages (SMS or calls): the ladders whose current step they are move
     * on at once. A receipt for a step no longer current (late, repeated) finds no open step.
     */
    async afterFailures(notificationIds: readonly bigint[]): Promise<number> {
      if (!notificationIds.length) return 0;
      const open = await db.$queryRaw<{ alert_id: bigint }[]>`
        SELECT alert_id FROM ladder_steps WHERE notification_id = ANY(${notificationIds.map(String)}::text[]::bigint[]) AND outcome IS NULL`;
      if (!open.length) return 0;
      const r = await evaluate({ alertIds: open.map((o) => o.alert_id) });
      return Object.values(r.taken).reduce((a, b) => a + b, 0);
    },
    countsFor: (openingId: number) => ladderCounts(db, openingId),
    /** A station's switches (admin API and console), audited; the code must be a county's or township's. */
    async setFlags(p: Principal, divisionCode: string, flags: { enabled: boolean; voice?: boolean; callTask?: boolean }) {
      const place = await db.division.findUnique({ where: { code: divisionCode }, select: { level: true } });
      if (!place || (place.level !== 'county' && place.level !== 'township')) {
        throw new NotFoundError('division.no_code', `division: no county or township has the code ${divisionCode}`, { params: { code: divisionCode } });
      }
      const before = await db.ladderSetting.findUnique({ where: { divisionCode } });
      const after = await db.ladderSetting.upsert({
        where: { divisionCode },
        create: { divisionCode, enabled: flags.enabled, voice: flags.voice ?? true, callTask: flags.callTask ?? true, updatedBy: p.actor },
        update: { enabled: flags.enabled, ...(flags.voice !== undefined ? { voice: flags.voice } : {}), ...(flags.callTask !== undefined ? { callTask: flags.callTask } : {}), updatedBy: p.actor },
      });
      await audit.record(p, 'ladder.settings', 'division', divisionCode, before, after);
      return after;
    },
    /** Every station's switches, for the console. */
    listFlags: () => db.ladderSetting.findMany({ orderBy: { divisionCode: 'asc' } }),
  };
}

/** An opening's ladder: steps per channel, and what became of them (docs/ladder.md). */
export async function ladderCounts(db: Db, openingId: number): Promise<LadderCounts[]> {
  const rows = await db.$queryRaw<{ channel: string; steps: bigint; sent: bigint; reached: bigint; failed: bigint; no_reply: bigint; stopped: bigint; open: bigint }[]>`
    SELECT coalesce(CASE WHEN m.channel::text IN ('sms', 'voice', 'wechat') THEN m.channel::text END, s.channel) AS channel, count(*) AS steps,
           count(*) FILTER (WHERE m.sent_at IS NOT NULL) AS sent,
           count(*) FILTER (WHERE m.status IN ('delivered') OR (m.channel = 'wechat' AND m.status = 'sent')) AS reached,
           count(*) FILTER (WHERE s.outcome = 'failed') AS failed,
           count(*) FILTER (WHERE s.outcome = 'no_reply') AS no_reply,
           count(*) FILTER (WHERE s.outcome LIKE 'stopped:%') AS stopped,
           count(*) FILTER (WHERE s.outcome IS NULL) AS open
    FROM ladder_steps s LEFT JOIN notifications m ON m.id = s.notification_id
    WHERE s.opening_id = ${openingId}
    GROUP BY 1`;
  const n = (x: bigint) => Number(x);
  rows.sort((a, b) => LADDER_ORDER.indexOf(a.channel as LadderChannel) - LADDER_ORDER.indexOf(b.channel as LadderChannel));
  return rows.map((r) => ({ channel: r.channel as LadderChannel, steps: n(r.steps), sent: n(r.sent), reached: n(r.reached), failed: n(r.failed), noReply: n(r.no_reply), stopped: n(r.stopped), open: n(r.open) }));
  }

/** One channel's row of an opening's ladder counts. */
export interface LadderCounts {
  channel: LadderChannel;
  /** Steps taken on this channel (step 1 counts under the channel the alert went by). */
  steps: number;
  sent: number;
  /** Delivered SMS, answered calls, WeChat messages sent. */
  reached: number;
  failed: number;
  noReply: number;
  stopped: number;
  /** Still current (waiting for a send, a receipt or the wait). */
  open: number;
}

export type LadderService = ReturnType<typeof createLadderService>;
