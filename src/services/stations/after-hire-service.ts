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
  startReminderKey,
  jobName,
  noShowParams,
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
  outbox: Pick<Outbox, 'directRow' | 'insertDirect' | 'enqueueMany' | 'createDirect'>;
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
  /** The dedupe keys of the after-hire texts this hire got (after-hire:<id>:<question>[:<start>]). */
  asked_keys: string[];
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
  const startKeyOf = (r: HireRow) => (r.start_at ? startReminderKey(r.id, r.start_at, r.start_place) : null);
  /** Start reminders this hire got before, for another start or place (or of the old form). */
  const earlierReminders = (r: HireRow) => r.asked_keys.filter((k) => k.startsWith(afterHireKey(r.id, 'start_reminder')) && k !== startKeyOf(r));

  /** The questions of one hire still to ask: not asked, not answered, not moot (no pay question after a no-show). */
  function pending(r: HireRow): AfterHireQuestion[] {
    return AFTER_HIRE_QUESTIONS.filter((q) => {
      if (q === 'start_reminder') {
        // Reminded of this start already, or by a reminder of the old form (its start unknown).
        const key = startKeyOf(r);
        if (key === null || r.asked_keys.includes(key) || r.asked_keys.includes(afterHireKey(r.id, q))) return false;
        return !r.arrival_answered;
      }
      if (r.asked_keys.includes(afterHireKey(r.id, q))) return false;
      if (q === 'arrival') return !r.arrival_answered;
      return !r.pay_answered && !r.no_show;
    });
  }

  function message(r: HireRow, q: AfterHireQuestion): DirectMessage {
    const base = { dedupeKey: afterHireKey(r.id, q), kind: 'reminder' as const, workerId: r.worker_id, phone: r.phone };
    if (q === 'start_reminder') {
      const place = r.start_place ?? defaultStartPlace(r.workshop, r.township);
      // A start moved (or a new place) after a reminder went: the new one says so.
      const kind = earlierReminders(r).length ? ('after_hire_start_changed' as const) : ('after_hire_start' as const);
      return { ...base, dedupeKey: startKeyOf(r)!, message: kind, params: reminderParams(r.start_at!, place, r.title) } satisfies DirectMessage<typeof kind> as DirectMessage;
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
      const rows = await db.$queryRaw<HireRow[]>`
        SELECT a.id, a.worker_id, w.phone, a.hired_at, coalesce(a.start_at, o.starts_at) AS start_at, a.start_place, a.first_pay_at,
               o.title, ws.name AS workshop, d.name AS township,
               -- The worker's own texts since the hire (index on worker_id, created_at), not a scan by key pattern.
               ARRAY(SELECT n.dedupe_key FROM notifications n
                     WHERE n.worker_id = a.worker_id AND n.created_at >= a.hired_at - interval '1 minute'
                       AND n.dedupe_key LIKE 'after-hire:' || a.id || ':%') AS asked_keys,
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
      const superseded: string[] = [];
      for (const r of rows) {
        const due = dueQuestions({ hiredAt: r.hired_at, startAt: r.start_at, firstPayAt: r.first_pay_at }, pending(r), at, config.QUIET_HOURS);
        // One text per hire per sweep (a hire entered late may have two due): the next a minute later.
        const q = due[0];
        if (q) messages.push(message(r, q));
        if (q === 'start_reminder') superseded.push(...earlierReminders(r));
      }
      if (!messages.length) return 0;
      const created = await db.$transaction(async (tx) => {
        // A reminder of the old start still waiting to go (quiet hours, a backlog) never goes.
        if (superseded.length) {
          await tx.$executeRaw`UPDATE notifications SET status = 'cancelled', error_code = 'START_CHANGED', error_message = 'the start or place changed', updated_at = now()
            WHERE dedupe_key = ANY(${superseded}::text[]) AND status = 'queued'`;
        }
        return outbox.insertDirect(tx, messages.map((m) => outbox.directRow(m)));
      });
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

    /**
     * Records an answer, once (a second answer to the same question changes nothing); audited as
     * the worker's. A 没去成 tells the employer at the workshop's contact phone, so the place can be
     * filled again; returns the ids of the messages it wrote, to be queued after the commit.
     */
    async record(tx: Tx, workerId: number, a: { applicationId: number; question: OpenQuestionKind; answer: 'yes' | 'no' }, at: Date = now()): Promise<string[]> {
      const field = a.question === 'arrival' ? (a.answer === 'yes' ? 'arrivedAt' : 'noShowAt') : a.answer === 'yes' ? 'paidAt' : 'unpaidAt';
      const unanswered = a.question === 'arrival' ? { arrivedAt: null, noShowAt: null } : { paidAt: null, unpaidAt: null };
      const r = await tx.application.updateMany({ where: { id: a.applicationId, workerId, status: 'hired', ...unanswered }, data: { [field]: at } });
      if (r.count === 0) return [];
      const action = { arrivedAt: 'arrived', noShowAt: 'no_show', paidAt: 'paid', unpaidAt: 'unpaid' }[field];
      await audit.record({ actor: `worker:${workerId}`, role: 'system' }, `application.${action}`, 'application', a.applicationId, null, { [field]: at }, tx);
      if (field !== 'noShowAt') return [];
      const hire = await tx.application.findUniqueOrThrow({
        where: { id: a.applicationId },
        select: { worker: { select: { phone: true } }, opening: { select: { title: true, code: true, workshop: { select: { contactPhone: true } } } } },
      });
      const id = await outbox.createDirect(tx, {
        dedupeKey: `no-show:${a.applicationId}`,
        kind: 'employer_notice',
        workerId: null,
        phone: hire.opening.workshop.contactPhone,
        message: 'employer_no_show',
        params: noShowParams(hire.opening.title, hire.opening.code, hire.worker.phone ?? '') as never,
      });
      return id ? [id] : [];
    },
  };
}

export type AfterHireService = ReturnType<typeof createAfterHireService>;
