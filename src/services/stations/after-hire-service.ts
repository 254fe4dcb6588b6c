import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Db, Prisma } from '../../db/prisma.js';
import {
  AFTER_HIRE_QUESTIONS,
  afterHireKey,
  ASK_WINDOW_MS,
  defaultStartPlace,
  dueQuestions,
  FOLLOW_UP_DAYS,
  jobName,
  reminderParams,
  type AfterHireQuestion,
  type OpenQuestionKind,
} from '../../domain/after-hire.js';
import type { OpenQuestion } from '../../domain/conversation.js';
import type { DirectMessage, Outbox } from '../delivery/outbox.js';
import type { AuditLog } from '../access/audit-log.js';

type Tx = Prisma.TransactionClient;

/** Hires one sweep looks at, at most; the next sweep (a minute later) takes the rest. */
const SWEEP_BATCH = 2000;

export interface AfterHireDeps {
  config: Pick<Config, 'QUIET_HOURS'>;
  db: Db;
  outbox: Pick<Outbox, 'directRow' | 'insertDirect' | 'enqueueMany'>;
  audit: AuditLog;
  log: Pick<Logger, 'info' | 'warn'>;
  now?: () => Date;
}

interface HireRow {
  id: number;
  worker_id: number;
  phone: string;
  hired_at: Date;
  start_at: Date | null;
  start_place: string | null;
  first_pay_at: Date | null;
  title: string;
  workshop: string;
  township: string | null;
  asked: string[];
  arrival_answered: boolean;
  no_show: boolean;
  pay_answered: boolean;
}

/**
 * What follows a hire (issue 17 §3, docs/after-hire.md): the maintenance sweep asks the
 * questions that are due, a message per application and question ever (its dedupe key), and the
 * conversation reads the worker's answer to the one that is open and records it.
 */
export function createAfterHireService({ config, db, outbox, audit, log, now = () => new Date() }: AfterHireDeps) {
  /** The questions of one hire still to ask: not asked, not answered, not moot (no pay question after a no-show). */
  function pending(r: HireRow): AfterHireQuestion[] {
    return AFTER_HIRE_QUESTIONS.filter((q) => {
      if (r.asked.includes(q)) return false;
      if (q === 'start_reminder' || q === 'arrival') return !r.arrival_answered;
      return !r.pay_answered && !r.no_show;
    });
  }

  function message(r: HireRow, q: AfterHireQuestion): DirectMessage {
    const base = { dedupeKey: afterHireKey(r.id, q), kind: 'reminder' as const, workerId: r.worker_id, phone: r.phone };
    if (q === 'start_reminder') {
      const place = r.start_place ?? defaultStartPlace(r.workshop, r.township);
      return { ...base, message: 'after_hire_start', params: reminderParams(r.start_at!, place, r.title) } satisfies DirectMessage<'after_hire_start'> as DirectMessage;
    }
    const job = jobName(r.workshop, r.title);
    const m: DirectMessage<'after_hire_arrival' | 'after_hire_pay'> = { ...base, message: q === 'arrival' ? 'after_hire_arrival' : 'after_hire_pay', params: { job } };
    return m as DirectMessage;
  }

  return {
    /**
     * Asks every question due now (the maintenance sweep, each minute): of hires standing, of
     * workers who get messages (active, a valid phone: not opted out, not paused). Safe to run
     * twice at once or again after a crash: the dedupe key makes one message per question, and
     * a message written but not queued is queued by the sweep's requeueStale.
     */
    async askDue(at: Date = now()): Promise<number> {
      const since = new Date(at.getTime() - FOLLOW_UP_DAYS * 86_400_000);
      const keys = AFTER_HIRE_QUESTIONS.map((q) => `:${q}`);
      const rows = await db.$queryRaw<HireRow[]>`
        SELECT a.id, a.worker_id, w.phone, a.hired_at, coalesce(a.start_at, o.starts_at) AS start_at, a.start_place, a.first_pay_at,
               o.title, ws.name AS workshop, d.name AS township,
               ARRAY(SELECT split_part(n.dedupe_key, ':', 3) FROM notifications n
                     WHERE n.dedupe_key = ANY(SELECT 'after-hire:' || a.id || k FROM unnest(${keys}::text[]) AS k)) AS asked,
               (a.arrived_at IS NOT NULL OR a.no_show_at IS NOT NULL) AS arrival_answered, a.no_show_at IS NOT NULL AS no_show,
               (a.paid_at IS NOT NULL OR a.unpaid_at IS NOT NULL) AS pay_answered
        FROM applications a
        JOIN workers w ON w.id = a.worker_id
        JOIN openings o ON o.id = a.opening_id
        JOIN workshops ws ON ws.id = o.workshop_id
        LEFT JOIN divisions d ON d.code = left(ws.division_code, 9)
        WHERE a.status = 'hired' AND a.hired_at > ${since}
          AND w.status = 'active' AND w.phone IS NOT NULL AND NOT w.phone_invalid
        ORDER BY a.hired_at
        LIMIT ${SWEEP_BATCH}`;
      const messages: DirectMessage[] = [];
      for (const r of rows) {
        const due = dueQuestions({ hiredAt: r.hired_at, startAt: r.start_at, firstPayAt: r.first_pay_at }, pending(r), at, config.QUIET_HOURS);
        // One text per hire per sweep (a hire entered late may have two due): the next a minute later.
        const q = due[0];
        if (q) messages.push(message(r, q));
      }
      if (!messages.length) return 0;
      const created = await db.$transaction((tx) => outbox.insertDirect(tx, messages.map((m) => outbox.directRow(m))));
      await outbox.enqueueMany([...created.values()]);
      if (created.size) log.info({ asked: created.size }, 'after-hire questions queued');
      return created.size;
    },

    /**
     * The question after a hire a worker was asked and has not answered, if any (the latest
     * when two are open): asked (sent, not cancelled), the hire standing, within its window.
     */
    async openQuestion(tx: Tx, workerId: number, at: Date = now()): Promise<OpenQuestion | null> {
      const since = new Date(at.getTime() - Math.max(ASK_WINDOW_MS.arrival, ASK_WINDOW_MS.pay));
      const rows = await tx.$queryRaw<{ application_id: number; kind: OpenQuestionKind; code: string; asked_at: Date }[]>`
        SELECT a.id AS application_id, split_part(n.dedupe_key, ':', 3) AS kind, o.code, n.created_at AS asked_at
        FROM notifications n
        JOIN applications a ON a.id = split_part(n.dedupe_key, ':', 2)::int
        JOIN openings o ON o.id = a.opening_id
        WHERE n.worker_id = ${workerId} AND n.created_at > ${since} AND n.campaign_id IS NULL
          AND n.dedupe_key LIKE 'after-hire:%' AND n.status IN ('sending', 'sent', 'delivered')
          AND a.worker_id = ${workerId} AND a.status = 'hired'
          AND ((split_part(n.dedupe_key, ':', 3) = 'arrival' AND a.arrived_at IS NULL AND a.no_show_at IS NULL AND n.created_at > ${new Date(at.getTime() - ASK_WINDOW_MS.arrival)})
            OR (split_part(n.dedupe_key, ':', 3) = 'pay' AND a.paid_at IS NULL AND a.unpaid_at IS NULL))
        ORDER BY n.created_at DESC
        LIMIT 1`;
      const r = rows[0];
      return r ? { kind: r.kind, applicationId: r.application_id, openingCode: r.code } : null;
    },

    /** Records an answer, once (a second answer to the same question changes nothing); audited as the worker's. */
    async record(tx: Tx, workerId: number, a: { applicationId: number; question: OpenQuestionKind; answer: 'yes' | 'no' }, at: Date = now()): Promise<boolean> {
      const field = a.question === 'arrival' ? (a.answer === 'yes' ? 'arrivedAt' : 'noShowAt') : a.answer === 'yes' ? 'paidAt' : 'unpaidAt';
      const unanswered = a.question === 'arrival' ? { arrivedAt: null, noShowAt: null } : { paidAt: null, unpaidAt: null };
      const r = await tx.application.updateMany({ where: { id: a.applicationId, workerId, status: 'hired', ...unanswered }, data: { [field]: at } });
      if (r.count === 0) return false;
      const action = { arrivedAt: 'arrived', noShowAt: 'no_show', paidAt: 'paid', unpaidAt: 'unpaid' }[field];
      await audit.record({ actor: `worker:${workerId}`, role: 'system' }, `application.${action}`, 'application', a.applicationId, null, { [field]: at }, tx);
      return true;
    },
  };
}

export type AfterHireService = ReturnType<typeof createAfterHireService>;
