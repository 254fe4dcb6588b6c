import { z } from 'zod';
import { rowId } from '../../db/ids.js';
import type { Config } from '../../config.js';
import { Prisma, type Db } from '../../db/prisma.js';
import { inDivisionScope, prefixesOutsideScope, type Principal } from '../../domain/access.js';
import { zodMessage } from '../../domain/error-codes.js';
import { renderMessage } from '../../domain/message-templates.js';
import { normalizePhone } from '../../domain/phone.js';
import {
  bullmqPattern,
  describeSchedule,
  nextOccurrence,
  scheduleProblem,
  scheduleSchema,
  TIMEZONE,
  upcomingOccurrences,
  type Schedule,
} from '../../domain/schedule.js';
import { countSegments, SMS_CONTROL_CHARS, withSignature } from '../../domain/sms-segments.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import { parsePayload } from '../../queues/catalog.js';
import type { QueueClient } from '../../queues/queue-client.js';
import type { AuditLog } from '../access/audit-log.js';
import { campaignProgress } from '../employers/campaign-progress.js';
import type { Outbox } from '../delivery/outbox.js';
import { workerFilterSchema, workerFilterSql, type WorkerFilter } from './worker-filter.js';

/** Caps that keep a reminder in one SMS segment with the signature (the template test checks the sum). */
export const REMINDER_LIMITS = { sender: 15, text: 35 } as const;

const smsSafe = (max: number, what: string) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max, zodMessage('reminder.text_too_long', `${what}: at most ${max} characters so the SMS stays one segment`, { max }))
    .refine((s) => !SMS_CONTROL_CHARS.test(s), zodMessage('text.control_chars', `${what}: no control characters (NUL, line breaks, tabs)`))
    .refine((s) => !/[【】]/u.test(s), zodMessage('reminder.no_brackets', `${what}: no 【】 (the signature adds them)`))
    .refine((s) => !/https?:|www\./i.test(s), zodMessage('reminder.no_links', `${what}: no links (Aliyun rejects them, and basic phones cannot open them)`));

export const segmentInputSchema = z.object({ name: z.string().trim().min(1).max(40), filter: workerFilterSchema });

const reminderFields = {
  sender: smsSafe(REMINDER_LIMITS.sender, 'sender').describe('Who it is from, e.g. 新街镇就业站'),
  text: smsSafe(REMINDER_LIMITS.text, 'text').describe('The reminder, e.g. 12月5日狗街在乡政府门口办招聘会'),
  segmentId: rowId().optional(),
  workerIds: z.array(rowId()).max(1000).optional(),
  schedule: scheduleSchema,
};
export const reminderInputSchema = z
  .object(reminderFields)
  .refine((r) => (r.segmentId === undefined) !== (r.workerIds === undefined || r.workerIds.length === 0), {
    path: ['segmentId'],
    message: zodMessage('reminder.audience_either', 'give either segmentId or a non-empty workerIds, not both'),
  });
export const reminderPatchSchema = z.object(reminderFields).partial();
export type ReminderInput = z.infer<typeof reminderInputSchema>;

export interface ReminderDeps {
  config: Pick<Config, 'ALIYUN_SMS_SIGN_NAME' | 'SMS_TEMPLATE_CODES' | 'QUIET_HOURS' | 'QUIET_HOURS_SPREAD_MS' | 'REMINDER_MIN_GAP_HOURS'>;
  db: Db;
  queues: Pick<QueueClient, 'add' | 'addBulk' | 'queue' | 'jobIds'>;
  /** The notifications ledger: a run's messages and their notify jobs. */
  outbox: Pick<Outbox, 'createReminderMessages' | 'queueCampaignSends' | 'finishCampaign'>;
  audit: AuditLog;
  canonicalSkills: (words: readonly string[]) => string[];
  now?: () => Date;
}

const schedulerId = (reminderId: number) => `reminder-${reminderId}`;
const occurrenceJobId = (reminderId: number, at: Date) => `reminder-${reminderId}-${at.getTime()}`;

/** Admins' segments and reminders are unlimited: the empty prefix matches every division code. */
const scopeOf = (p: Principal): string[] => (p.role === 'admin' ? [''] : [...p.divisionPrefixes]);
const visibleTo = (p: Principal, scope: readonly string[]) => scope.every((prefix) => inDivisionScope(p, prefix) || p.role === 'admin');
/**
 * A reminder made for a wider area (the county's, or an admin's for everyone) that takes in this
 * station's divisions: the station sees it, read-only, so it knows what its workers are sent.
 */
const coversStation = (p: Principal, scope: readonly string[]) =>
  p.role === 'caseworker' && scope.some((wide) => p.divisionPrefixes.some((own) => own.startsWith(wide)));

/**
 * Saved segments and scheduled reminders. Runs go through the `reminder` queue: cron and
 * weekday schedules as BullMQ job schedulers, the rest (once, every N days, market days) as
 * one delayed job per occurrence with a deterministic id. A run is claimed by inserting its
 * campaign (unique per reminder and occurrence), so several worker processes run it once.
 */
export function createReminderService({ config, db, queues, outbox, audit, canonicalSkills, now = () => new Date() }: ReminderDeps) {
  function normalizeFilter(p: Principal, f: WorkerFilter): WorkerFilter {
    const outside = prefixesOutsideScope(p, f.divisions);
    if (outside.length) throw new ForbiddenError('division.out_of_scope', `filter.divisions: ${outside.join(', ')} outside your divisions (${p.divisionPrefixes.join(', ')})`);
    return { ...f, skills: canonicalSkills(f.skills) };
  }

  async function segmentFor(p: Principal, id: number) {
    const s = await db.segment.findUnique({ where: { id } });
    if (!s || !visibleTo(p, s.scope)) throw new NotFoundError('segment.not_found', `segment ${id} not found`, { params: { id } });
    return s;
  }

  async function reminderFor(p: Principal, id: number) {
    const r = await db.reminder.findUnique({ where: { id } });
    if (!r || !visibleTo(p, r.scope)) throw new NotFoundError('reminder.not_found', `reminder ${id} not found`, { params: { id } });
    return r;
  }

  /** Who a reminder reaches: its segment or named workers, within its scope. */
  async function audienceSql(r: { segmentId: number | null; workerIds: number[]; scope: string[] }): Promise<Prisma.Sql> {
    if (r.segmentId) {
      const s = await db.segment.findUniqueOrThrow({ where: { id: r.segmentId } });
      const f = workerFilterSchema.parse(s.filter);
      // Reminders go only to subscribed workers, whatever statuses the segment lists.
      return workerFilterSql({ ...f, statuses: [] }, r.scope);
    }
    return Prisma.sql`w.id = ANY(${r.workerIds}::int[]) AND ${workerFilterSql(workerFilterSchema.parse({}), r.scope)}`;
  }

  function recentlyReminded(at: Date): Prisma.Sql {
    const since = new Date(at.getTime() - config.REMINDER_MIN_GAP_HOURS * 3600_000);
    // A station's runs only (campaign_id set): the texts after a hire (docs/after-hire.md) are
    // reminders too, but one about a worker's own job must not keep a job fair's from them.
    return Prisma.sql`EXISTS (SELECT 1 FROM notifications n WHERE n.worker_id = w.id AND n.kind = 'reminder'
      AND n.campaign_id IS NOT NULL AND n.created_at > ${since} AND n.status <> 'cancelled')`;
  }

  const sendable = Prisma.sql`w.status = 'active' AND w.phone IS NOT NULL AND NOT w.phone_invalid`;

  function render(r: { sender: string; text: string }) {
    const rendered = renderMessage('reminder', { sender: r.sender, message: r.text }, config.SMS_TEMPLATE_CODES);
    return { rendered, segments: countSegments(withSignature(config.ALIYUN_SMS_SIGN_NAME, rendered.text)) };
  }

  async function validateAudience(p: Principal, input: { segmentId?: number; workerIds?: number[] }) {
    if (input.segmentId) await segmentFor(p, input.segmentId);
    if (input.workerIds?.length) {
      const found = await db.worker.findMany({ where: { id: { in: input.workerIds } }, select: { id: true, divisionCode: true } });
      const outside = input.workerIds.filter((id) => !found.some((w) => w.id === id && inDivisionScope(p, w.divisionCode)));
      if (outside.length) throw new ForbiddenError('workers.outside_divisions', `workerIds: ${outside.join(', ')} not found in your divisions`, { params: { ids: outside.join(', ') } });
    }
  }

  function firstRun(schedule: Schedule): Date {
    const problem = scheduleProblem(schedule, now());
    if (problem) throw new ValidationError(problem.code, problem.message, { params: problem.params });
    const next = nextOccurrence(schedule, now());
    if (!next) throw new ValidationError('schedule.no_future_run', 'schedule: it has no run in the future');
    return next;
  }

  async function schedule(r: { id: number; schedule: unknown; nextRunAt: Date | null; status: string }) {
    if (r.status !== 'active' || !r.nextRunAt) return;
    const s = scheduleSchema.parse(r.schedule);
    const pattern = bullmqPattern(s);
    if (pattern) {
      const data = parsePayload('reminder', { reminderId: r.id });
      await queues.queue('reminder').upsertJobScheduler(schedulerId(r.id), { pattern, tz: TIMEZONE }, { name: 'reminder', data });
      return;
    }
    await queues.add(
      'reminder',
      { reminderId: r.id, occurrence: r.nextRunAt.getTime() },
      { jobId: occurrenceJobId(r.id, r.nextRunAt), delay: Math.max(0, r.nextRunAt.getTime() - now().getTime()) },
    );
  }

  async function unschedule(r: { id: number; nextRunAt: Date | null }) {
    const q = queues.queue('reminder');
    await q.removeJobScheduler(schedulerId(r.id));
    // A job already running cannot be removed; it finds the reminder no longer active and does nothing.
    if (r.nextRunAt) for (const id of queues.jobIds(occurrenceJobId(r.id, r.nextRunAt))) await q.remove(id).catch(() => 0);
  }

  async function history(reminderId: number) {
    return (await campaignProgress(db, { reminderId })).map((c) => ({
      campaignId: c.id,
      status: c.status,
      scheduledFor: c.scheduledFor,
      ranAt: c.createdAt,
      finishedAt: c.finishedAt,
      recipients: c.matched,
      counts: c.counts,
    }));
  }

  // Rows with their JSON columns typed again, as the API returns them.
  const view = <R extends { schedule: unknown }>(r: R) => {
    const schedule = scheduleSchema.parse(r.schedule);
    return { ...r, schedule, scheduleText: describeSchedule(schedule) };
  };
  const segmentView = <S extends { filter: unknown }>(s: S) => ({ ...s, filter: workerFilterSchema.parse(s.filter) });

  return {
    async createSegment(p: Principal, input: z.infer<typeof segmentInputSchema>) {
      const filter = normalizeFilter(p, input.filter);
      return db.$transaction(async (tx) => {
        const s = await tx.segment.create({ data: { name: input.name, filter, scope: scopeOf(p), createdBy: p.actor } });
        await audit.record(p, 'segment.create', 'segment', s.id, null, s, tx);
        return segmentView(s);
      });
    },

    async updateSegment(p: Principal, id: number, input: z.infer<typeof segmentInputSchema>) {
      const before = await segmentFor(p, id);
      const filter = normalizeFilter(p, input.filter);
      return db.$transaction(async (tx) => {
        const after = await tx.segment.update({ where: { id }, data: { name: input.name, filter } });
        await audit.record(p, 'segment.update', 'segment', id, before, after, tx);
        return segmentView(after);
      });
    },

    /**
     * Workers picked by phone (the console shows phones, never ids): the ids of those in the
     * caller's divisions, and the phones typed that match no such worker (absent or outside
     * the divisions read alike).
     */
    async workerIdsByPhone(p: Principal, phones: string[]): Promise<{ ids: number[]; unknown: string[] }> {
      const wanted = phones.map((raw) => ({ raw, phone: normalizePhone(raw) }));
      const valid = [...new Set(wanted.flatMap((w) => (w.phone ? [w.phone] : [])))];
      const found = valid.length ? await db.worker.findMany({ where: { phone: { in: valid } }, select: { id: true, phone: true, divisionCode: true } }) : [];
      const idOf = new Map(found.filter((w) => inDivisionScope(p, w.divisionCode)).map((w) => [w.phone, w.id]));
      const ids = [...new Set(wanted.flatMap((w) => (w.phone && idOf.has(w.phone) ? [idOf.get(w.phone)!] : [])))];
      return { ids, unknown: wanted.filter((w) => !w.phone || !idOf.has(w.phone)).map((w) => w.raw) };
    },

    async listSegments(p: Principal) {
      const all = await db.segment.findMany({ orderBy: { id: 'asc' } });
      return all.filter((s) => visibleTo(p, s.scope)).map(segmentView);
    },

    async getSegment(p: Principal, id: number) {
      return segmentView(await segmentFor(p, id));
    },

    /** Who a segment holds now (any status), with a sample. */
    async previewSegment(p: Principal, id: number) {
      const s = await segmentFor(p, id);
      // The segment's own scope: an admin previewing a station's segment sees what the station would.
      const where = workerFilterSql(workerFilterSchema.parse(s.filter), s.scope);
      const count = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM workers w WHERE ${where}`;
      const sample = await db.$queryRaw<{ id: number; name: string | null; phone: string | null; division_code: string | null; status: string }[]>`
        SELECT w.id, w.name, w.phone, w.division_code, w.status::text FROM workers w WHERE ${where} ORDER BY w.id LIMIT 20`;
      return { total: Number(count[0]?.n ?? 0), sample: sample.map((w) => ({ id: w.id, name: w.name, phone: w.phone, divisionCode: w.division_code, status: w.status })) };
    },

    /**
     * What a reminder would do: its text, recipients now (with a sample) and who is left out
     * and why, and its next runs. Works for a saved reminder or a draft not yet saved.
     */
    async preview(p: Principal, input: ReminderInput) {
      await validateAudience(p, input);
      const first = firstRun(input.schedule);
      const audience = await audienceSql({ segmentId: input.segmentId ?? null, workerIds: input.workerIds ?? [], scope: scopeOf(p) });
      const at = now();
      const rows = await db.$queryRaw<{ reason: string; n: bigint }[]>`
        SELECT CASE WHEN w.status = 'opted_out' THEN 'opted_out'
                    WHEN w.status = 'paused' THEN 'paused'
                    WHEN w.phone IS NULL OR w.phone_invalid THEN 'no_valid_phone'
                    WHEN ${recentlyReminded(at)} THEN 'recently_reminded'
                    ELSE 'recipient' END AS reason, count(*) AS n
        FROM workers w WHERE ${audience} GROUP BY 1`;
      const n = (k: string) => Number(rows.find((r) => r.reason === k)?.n ?? 0);
      const sample = await db.$queryRaw<{ id: number; name: string | null; phone: string; division_code: string | null }[]>`
        SELECT w.id, w.name, w.phone, w.division_code FROM workers w
        WHERE ${audience} AND ${sendable} AND NOT ${recentlyReminded(at)} ORDER BY w.id LIMIT 20`;
      const { rendered, segments } = render(input);
      return {
        message: rendered.text,
        segments,
        recipients: n('recipient'),
        skipped: { opted_out: n('opted_out'), paused: n('paused'), no_valid_phone: n('no_valid_phone'), recently_reminded: n('recently_reminded') },
        sample: sample.map((w) => ({ id: w.id, name: w.name, phone: w.phone, divisionCode: w.division_code })),
        scheduleText: describeSchedule(input.schedule),
        nextRuns: [first, ...upcomingOccurrences(input.schedule, first, 4)],
      };
    },

    async createReminder(p: Principal, input: ReminderInput) {
      await validateAudience(p, input);
      const nextRunAt = firstRun(input.schedule);
      const r = await db.$transaction(async (tx) => {
        const row = await tx.reminder.create({
          data: {
            sender: input.sender,
            text: input.text,
            segmentId: input.segmentId ?? null,
            workerIds: input.workerIds ?? [],
            schedule: input.schedule,
            nextRunAt,
            scope: scopeOf(p),
            createdBy: p.actor,
          },
        });
        await audit.record(p, 'reminder.create', 'reminder', row.id, null, row, tx);
        return row;
      });
      await schedule(r);
      return view(r);
    },

    /** The reminders this user manages, and (read-only) those made for a wider area that takes in theirs. */
    async listReminders(p: Principal) {
      const all = await db.reminder.findMany({ orderBy: { id: 'desc' } });
      return all
        .filter((r) => visibleTo(p, r.scope) || coversStation(p, r.scope))
        .map((r) => ({ ...view(r), readOnly: !visibleTo(p, r.scope) }));
    },

    async getReminder(p: Principal, id: number) {
      const r = await db.reminder.findUnique({ where: { id } });
      if (!r || !(visibleTo(p, r.scope) || coversStation(p, r.scope))) throw new NotFoundError('reminder.not_found', `reminder ${id} not found`, { params: { id } });
      return { ...view(r), readOnly: !visibleTo(p, r.scope), runs: await history(id) };
    },

    async updateReminder(p: Principal, id: number, patch: z.infer<typeof reminderPatchSchema>) {
      const before = await reminderFor(p, id);
      if (before.status === 'cancelled' || before.status === 'completed') throw new ConflictError('reminder.ended_create_new', `reminder ${id} is ${before.status}; create a new one`, { params: { status: before.status } });
      const merged = {
        sender: patch.sender ?? before.sender,
        text: patch.text ?? before.text,
        segmentId: patch.workerIds?.length ? undefined : (patch.segmentId ?? before.segmentId ?? undefined),
        workerIds: patch.segmentId ? undefined : (patch.workerIds ?? (before.workerIds.length ? before.workerIds : undefined)),
        schedule: patch.schedule ?? scheduleSchema.parse(before.schedule),
      };
      const checked = reminderInputSchema.safeParse(merged);
      if (!checked.success) throw new ValidationError('request.invalid', checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), { details: checked.error.issues });
      await validateAudience(p, merged);
      const nextRunAt = firstRun(merged.schedule);
      await unschedule(before);
      const after = await db.$transaction(async (tx) => {
        const row = await tx.reminder.update({
          where: { id },
          data: { sender: merged.sender, text: merged.text, segmentId: merged.segmentId ?? null, workerIds: merged.workerIds ?? [], schedule: merged.schedule, nextRunAt },
        });
        await audit.record(p, 'reminder.update', 'reminder', id, before, row, tx);
        return row;
      });
      await schedule(after);
      return view(after);
    },

    async setReminderStatus(p: Principal, id: number, to: 'active' | 'paused' | 'cancelled') {
      const before = await reminderFor(p, id);
      if (before.status === to) return view(before);
      if (before.status === 'cancelled' || before.status === 'completed') throw new ConflictError('reminder.ended', `reminder ${id} is ${before.status}`, { params: { status: before.status } });
      let nextRunAt = before.nextRunAt;
      if (to === 'active') {
        // Resuming skips the runs missed while paused: the next one from now on.
        nextRunAt = nextOccurrence(scheduleSchema.parse(before.schedule), now());
        if (!nextRunAt) throw new ConflictError('reminder.no_future_run', `reminder ${id} has no run left in the future; edit its schedule`);
      } else {
        await unschedule(before);
      }
      const after = await db.$transaction(async (tx) => {
        const row = await tx.reminder.update({ where: { id }, data: { status: to, nextRunAt: to === 'cancelled' ? null : nextRunAt } });
        await audit.record(p, `reminder.${to === 'active' ? 'resume' : to === 'paused' ? 'pause' : 'cancel'}`, 'reminder', id, { status: before.status }, { status: to }, tx);
        return row;
      });
      await schedule(after);
      return view(after);
    },

    /**
     * One run of a reminder (the reminder queue's processor). Claims the run by inserting its
     * campaign, creates the notifications, queues them (after quiet hours), then schedules
     * the next explicit occurrence. Safe to repeat: a second claim finds the campaign.
     */
    async runOccurrence(reminderId: number, occurrence: Date) {
      const r = await db.reminder.findUnique({ where: { id: reminderId } });
      if (!r || r.status !== 'active') return { ran: false as const, reason: `reminder ${r?.status ?? 'missing'}` };
      const s = scheduleSchema.parse(r.schedule);
      const native = bullmqPattern(s) !== null;
      // A delayed job left behind by an edit carries an occurrence the reminder no longer has.
      if (!native && r.nextRunAt?.getTime() !== occurrence.getTime()) return { ran: false as const, reason: 'stale occurrence' };

      const { rendered, segments } = render(r);
      const audience = await audienceSql(r);
      const at = now();
      // Claim and recipients in one transaction: a crash before commit leaves nothing, so the
      // retried job claims again; a concurrent claim waits on the unique index, then finds it taken.
      const claimedId = await db.$transaction(async (tx) => {
        const claimed = await tx.$queryRaw<{ id: number }[]>`
          INSERT INTO campaigns (kind, reminder_id, scheduled_for, status, template_code)
          VALUES ('reminder', ${reminderId}, ${occurrence}, 'matching', ${rendered.templateCode})
          ON CONFLICT (reminder_id, scheduled_for) DO NOTHING RETURNING id`;
        const id = claimed[0]?.id;
        if (id === undefined) return null;
        await outbox.createReminderMessages(tx, id, rendered, segments, Prisma.sql`${audience} AND ${sendable} AND NOT ${recentlyReminded(at)}`);
        return id;
      });
      // A run committed but not yet queued (its process died) is still `matching`: queue it now.
      // Notify jobs have deterministic ids and claim each message, so queuing twice sends once.
      const campaign = await db.campaign.findUnique({ where: { reminderId_scheduledFor: { reminderId, scheduledFor: occurrence } } });
      let matched = 0;
      if (campaign && (claimedId !== null || campaign.status === 'matching')) {
        ({ matched } = await outbox.queueCampaignSends(campaign.id, at));
        await db.campaign.updateMany({
          where: { id: campaign.id, status: 'matching' },
          data: matched === 0 ? { status: 'completed', matched, finishedAt: new Date() } : { status: 'sending', matched },
        });
        // Its jobs may all have finished before it was `sending`.
        if (matched > 0) await outbox.finishCampaign(campaign.id);
      }
      const campaignId = campaign?.id;
      const next = nextOccurrence(s, occurrence);
      const updated = await db.reminder.update({
        where: { id: reminderId },
        data: next ? { nextRunAt: next } : { nextRunAt: null, status: 'completed' },
      });
      if (!native) await schedule(updated);
      return { ran: claimedId !== null, campaignId, matched, nextRunAt: next };
    },

    /** Re-adds the delayed job of active explicit-schedule reminders (deterministic ids make it a no-op when present). */
    async ensureScheduled(): Promise<number> {
      const active = await db.reminder.findMany({ where: { status: 'active', nextRunAt: { not: null } } });
      let n = 0;
      for (const r of active) {
        // A recurring reminder lives in Redis as a job scheduler: put it back only when Redis
        // lost it (a flush, a failover that lost the write); upserting it every sweep would
        // reset its next run.
        if (bullmqPattern(scheduleSchema.parse(r.schedule)) && (await queues.queue('reminder').getJobScheduler(schedulerId(r.id)))) continue;
        await schedule(r);
        n += 1;
      }
      return n;
    },
  };
}

export type ReminderService = ReturnType<typeof createReminderService>;
