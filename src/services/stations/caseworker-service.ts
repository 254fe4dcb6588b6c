import { z } from 'zod';
import { Prisma, type Db } from '../../db/prisma.js';
import { effectivePrefixes, inDivisionScope, prefixesOutsideScope, type Principal } from '../../domain/access.js';
import { coded, zodMessage, type Coded, type FieldIssue } from '../../domain/error-codes.js';
import { normalizePhone } from '../../domain/phone.js';
import { MAX_PEOPLE_PER_PHONE } from '../../domain/household.js';
import { resolveSkill } from '../../domain/skills.js';
import { decodeSurvey, parseSurveyInSlices, type SurveyRow } from '../../domain/survey-csv.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import type { AuditLog } from '../access/audit-log.js';
import type { OpeningService } from '../employers/opening-service.js';
import { PLACE_MAX_CHARS, workFormSchema } from '../employers/opening-service.js';
import { workerFilterSchema, workerFilterSql, type WorkerFilter } from './worker-filter.js';

const NAME_MAX = 20;

export const registerWorkerSchema = z.object({
  phone: z.string().trim().min(1).max(40).describe('Mainland mobile'),
  name: z.string().trim().min(1).max(NAME_MAX).optional(),
  division: z.string().trim().min(1).max(PLACE_MAX_CHARS).describe('Where the worker lives: a code or a place name (新街镇胜村)'),
  skills: z.array(z.string().trim().min(1)).max(10).default([]),
  workForms: z.array(workFormSchema).max(3).default([]).describe('Kinds of work wanted; home_workshop = 家庭作坊'),
  returnee: z.boolean().default(false).describe('返乡人员'),
  priorityHousehold: z.boolean().optional().describe('脱贫户 / 监测户 (default false): ranked earlier in broadcast waves and first on the call list (docs/after-hire.md)'),
  needsCalls: z.boolean().optional().describe('Alerts by phone call (reads little, shares a phone; default false): docs/aliyun-voice.md'),
  consent: z.literal(true, { message: zodMessage('worker.consent_required', 'consent must be true: register a worker only after they agree to receive job SMS') }),
  consentNote: z.string().trim().max(200).optional().describe('How and where the worker agreed, e.g. 赶集时当面同意'),
  addToPhone: z.boolean().optional().describe('The phone is shared (a couple, a grandmother on her grandson\'s phone): add this person to it as the next number instead of refusing a registered phone (docs/shared-phones.md)'),
});

export const updateWorkerSchema = z
  .object({
    phone: z.string().trim().min(1).max(40).describe('A corrected number (after a wrong-number call); clears the invalid-number mark'),
    name: z.string().trim().min(1).max(NAME_MAX).nullable(),
    division: z.string().trim().min(1).max(PLACE_MAX_CHARS),
    skills: z.array(z.string().trim().min(1)).max(10),
    workForms: z.array(workFormSchema).max(3),
    returnee: z.boolean(),
    priorityHousehold: z.boolean().describe('脱贫户 / 监测户 the station marks: ranked earlier in waves and first on the call list'),
    needsCalls: z.boolean().describe('Alerts by phone call; a worker who pressed 9 (calls stopped) is not called until they ask again'),
    smsOff: z.boolean().describe('The worker wants no SMS (WeChat or calls only): the ladder has no SMS step for them (docs/ladder.md)'),
    status: z.enum(['active', 'paused', 'opted_out']).describe('opted_out: the worker asked you to stop; active after an opt-out needs consent: true'),
    consent: z.literal(true).describe('The worker agreed again, to you, to receive job SMS (needed to re-subscribe an opted-out worker)'),
    consentNote: z.string().trim().max(200),
  })
  .partial();

export const callOutcomeSchema = z.object({
  outcome: z.enum(['reached', 'no_answer', 'wrong_number', 'refused', 'opted_out']).describe('opted_out stops all SMS to the worker; wrong_number marks the phone invalid'),
  note: z.string().trim().max(300).optional(),
});

const workerSelect = {
  id: true,
  phone: true,
  phoneSlot: true,
  name: true,
  divisionCode: true,
  skills: true,
  workForms: true,
  status: true,
  returnee: true,
  priorityHousehold: true,
  needsCalls: true,
  smsOff: true,
  wantsCalls: true,
  callsStoppedAt: true,
  phoneInvalid: true,
  createdAt: true,
  updatedAt: true,
  division: { select: { fullName: true } },
} as const;

export type ImportOutcome = 'created' | 'updated' | 'skipped' | 'error';
export interface ImportRowReport {
  line: number;
  phone: string;
  outcome: ImportOutcome;
  workerId?: number;
  /** What is wrong with the row, in English ("phone: empty"). */
  problems: string[];
  /** The same problems as codes, in the same order, with the column they are about (null: the whole row). */
  issues: FieldIssue[];
}

export interface CaseworkerDeps {
  db: Db;
  openings: Pick<OpeningService, 'resolveDivision'>;
  audit: AuditLog;
}

/** Caseworkers acting for workers in their divisions: registration, edits, surveys, phone calls. */
/**
 * An alert counts as unanswered on the call list only after this long: most workers who answer do
 * so the same day or the next, and a station should not phone people minutes after a broadcast.
 */
export const NO_REPLY_AFTER_HOURS = 24;

/** Why a worker is on the call list: an alert failed, no answer a day after one, or the ladder's call task (docs/ladder.md). */
export type CallReason = 'alert_failed' | 'no_reply' | 'ladder';

export function createCaseworkerService({ db, openings, audit }: CaseworkerDeps) {
  function canonicalSkills(words: readonly string[]): { skills: string[]; unknown: string[] } {
    const skills = new Set<string>();
    const unknown: string[] = [];
    for (const w of words) {
      const s = resolveSkill(w);
      if (s) skills.add(s.name);
      else unknown.push(w);
    }
    return { skills: [...skills], unknown };
  }

  function skillsOrThrow(words: readonly string[]): string[] {
    const { skills, unknown } = canonicalSkills(words);
    if (unknown.length) throw new ValidationError('skill.unknown', `skills: unknown skill ${unknown.map((u) => `"${u}"`).join(', ')}`, { params: { skills: unknown.map((u) => `"${u}"`).join(', ') } });
    return skills;
  }

  async function divisionInScope(p: Principal, input: string): Promise<string> {
    const code = await openings.resolveDivision(input);
    if (!inDivisionScope(p, code)) throw new ForbiddenError('division.out_of_scope', `division: ${code} is outside your divisions (${p.divisionPrefixes.join(', ')})`);
    return code;
  }

  /**
   * A worker's last job alert, read from the notifications it came from: sending does not
   * write to the workers row, whose many indexes make every write there costly at 1,000
   * recipients a call.
   */
  async function withLastAlert<T extends { id: number }>(rows: T[]): Promise<(T & { lastAlertAt: Date | null })[]> {
    if (rows.length === 0) return [];
    const last = await db.$queryRaw<{ worker_id: number; last: Date }[]>`
      SELECT worker_id, max(sent_at) AS last FROM notifications
      WHERE worker_id = ANY(${rows.map((r) => r.id)}::int[]) AND kind = 'alert' AND sent_at IS NOT NULL
      GROUP BY worker_id`;
    const byId = new Map(last.map((r) => [r.worker_id, r.last]));
    return rows.map((r) => ({ ...r, lastAlertAt: byId.get(r.id) ?? null }));
  }

  async function workerFor(p: Principal, id: number) {
    const w = await db.worker.findUnique({ where: { id }, select: workerSelect });
    if (!w || !inDivisionScope(p, w.divisionCode)) throw new NotFoundError('worker.not_found', `worker ${id} not found`, { params: { id } });
    return (await withLastAlert([w]))[0]!;
  }

  async function importRow(p: Principal, row: SurveyRow, source: string): Promise<ImportRowReport> {
    const problems: string[] = [];
    const issues: FieldIssue[] = [];
    const problem = (field: string | null, c: Coded) => {
      problems.push(field ? `${field}: ${c.message}` : c.message);
      issues.push({ field, code: c.code, ...(c.params === undefined ? {} : { params: c.params }) });
    };
    const phone = normalizePhone(row.phone);
    if (!phone) problem('phone', row.phone ? coded('phone.invalid', `"${row.phone}" is not a mainland mobile number`) : coded('field.empty', 'empty'));
    if (row.consent !== true) problem('consent', coded('survey.consent_column', 'the 同意 column must say 是 — the worker has to agree to receive SMS'));
    // The same limit as registering one worker (registerWorkerSchema).
    if (row.name.length > NAME_MAX) problem('name', coded('field.too_long', `at most ${NAME_MAX} characters`, { max: NAME_MAX }));
    let divisionCode: string | undefined;
    if (!row.place) problem('place', coded('field.empty', 'empty'));
    else {
      try {
        divisionCode = await openings.resolveDivision(row.place);
        if (!inDivisionScope(p, divisionCode)) {
          problem('place', coded('division.out_of_scope', `"${row.place}" (${divisionCode}) is outside your divisions`));
          divisionCode = undefined;
        }
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        problem('place', { code: err.code, message: err.message.replace(/^division: /, ''), params: err.params });
      }
    }
    const { skills, unknown } = canonicalSkills(row.skills);
    const unknownList = unknown.map((u) => `"${u}"`).join(', ');
    if (unknown.length) problem('skills', coded('skill.unknown', `unknown skill ${unknownList}`, { skills: unknownList }));
    if (problems.length || !phone || !divisionCode) return { line: row.line, phone: row.phone, outcome: 'error', problems, issues };

    // A survey keyed by phone: the row is person 1 of its phone unless its 第几人 column says
    // otherwise (docs/shared-phones.md).
    if (Number.isNaN(row.person)) {
      return { line: row.line, phone: row.phone, outcome: 'error', problems: ['person: must be 1 to 9 (which person on a shared phone)'], issues: [{ field: 'person', code: 'survey.person_invalid' }] };
    }
    const phoneSlot = row.person ?? 1;
    const existing = await db.worker.findUnique({ where: { phone_phoneSlot: { phone, phoneSlot } } });
    if (existing?.status === 'opted_out') {
      return {
        line: row.line,
        phone,
        workerId: existing.id,
        outcome: 'skipped',
        problems: ['opted out earlier: not re-subscribed by a survey; if the worker agrees again, record it on the worker (PATCH with consent: true)'],
        issues: [{ field: null, code: 'survey.opted_out' }],
      };
    }
    if (existing && !inDivisionScope(p, existing.divisionCode)) {
      return {
        line: row.line,
        phone,
        outcome: 'error',
        problems: ['phone: already registered to a worker outside your divisions; ask that station to move them'],
        issues: [{ field: 'phone', code: 'survey.phone_elsewhere' }],
      };
    }
    const profile = {
      divisionCode,
      skills,
      ...(row.name ? { name: row.name } : {}),
      ...(row.returnee !== null ? { returnee: row.returnee } : {}),
    };
    return db.$transaction(async (tx) => {
      if (existing) {
        const workForms = row.homeWork === null ? existing.workForms : toggleHomeWork(existing.workForms, row.homeWork);
        const after = await tx.worker.update({ where: { id: existing.id }, data: { ...profile, workForms } });
        await audit.record(p, 'worker.import_update', 'worker', existing.id, existing, after, tx);
        return { line: row.line, phone, outcome: 'updated' as const, workerId: existing.id, problems: [], issues: [] };
      }
      const created = await tx.worker.create({ data: { phone, phoneSlot, ...profile, workForms: row.homeWork ? ['home_workshop'] : [] } });
      await tx.consentEvent.create({ data: { workerId: created.id, kind: 'opt_in', source: 'caseworker', actor: p.actor, rawMessage: `${source} line ${row.line}` } });
      await audit.record(p, 'worker.import_create', 'worker', created.id, null, created, tx);
      return { line: row.line, phone, outcome: 'created' as const, workerId: created.id, problems: [], issues: [] };
    });
  }

  return {
    canonicalSkills: skillsOrThrow,

    async listWorkers(p: Principal, filter: WorkerFilter, page: { limit: number; offset: number }) {
      const outside = prefixesOutsideScope(p, filter.divisions);
      if (outside.length) throw new ForbiddenError('division.out_of_scope', `divisions: ${outside.join(', ')} outside your divisions (${p.divisionPrefixes.join(', ')})`);
      const scope = effectivePrefixes(p, filter.divisions);
      const where = workerFilterSql({ ...filter, divisions: [], skills: skillsOrThrow(filter.skills) }, scope);
      const ids = await db.$queryRaw<{ id: number }[]>`SELECT w.id FROM workers w WHERE ${where} ORDER BY w.id LIMIT ${page.limit} OFFSET ${page.offset}`;
      const total = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM workers w WHERE ${where}`;
      const rows = await db.worker.findMany({ where: { id: { in: ids.map((r) => r.id) } }, select: workerSelect, orderBy: { id: 'asc' } });
      return { total: Number(total[0]?.n ?? 0), workers: await withLastAlert(rows) };
    },

    /**
     * Every worker the filter finds within the caller's divisions, for the Excel export: the
     * same scope and filter as listWorkers, read in id order a batch at a time (keyset, so
     * 50,000 rows cost a few index scans rather than growing OFFSETs), at most `max` rows.
     */
    async exportWorkers(p: Principal, filter: WorkerFilter, max: number) {
      const outside = prefixesOutsideScope(p, filter.divisions);
      if (outside.length) throw new ForbiddenError('division.out_of_scope', `divisions: ${outside.join(', ')} outside your divisions (${p.divisionPrefixes.join(', ')})`);
      const scope = effectivePrefixes(p, filter.divisions);
      const where = workerFilterSql({ ...filter, divisions: [], skills: skillsOrThrow(filter.skills) }, scope);
      const total = Number((await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM workers w WHERE ${where}`)[0]?.n ?? 0);
      if (total > max) return { total, rows: null };
      type Row = { id: number; name: string | null; phone: string | null; status: string; skills: string[]; work_forms: string[]; returnee: boolean; phone_invalid: boolean; created_at: Date; place: string | null; last_alert: Date | null };
      const rows: Row[] = [];
      const BATCH = 2000;
      for (let after = 0; ; ) {
        const batch = await db.$queryRaw<Row[]>`
          SELECT w.id, w.name, w.phone, w.status::text AS status, w.skills, coalesce(w.work_forms::text[], '{}') AS work_forms, w.returnee, w.phone_invalid, w.created_at,
                 d.full_name AS place,
                 (SELECT max(n.sent_at) FROM notifications n WHERE n.worker_id = w.id AND n.kind = 'alert' AND n.sent_at IS NOT NULL) AS last_alert
          FROM workers w LEFT JOIN divisions d ON d.code = w.division_code
          WHERE ${where} AND w.id > ${after}
          ORDER BY w.id LIMIT ${BATCH}`;
        rows.push(...batch);
        if (batch.length < BATCH) break;
        after = batch[batch.length - 1]!.id;
      }
      return { total, rows };
    },

    /** A worker with their consent history: who recorded each opt-in or opt-out, when, and how. */
    async getWorker(p: Principal, id: number) {
      const w = await workerFor(p, id);
      const consents = await db.consentEvent.findMany({ where: { workerId: id }, orderBy: { id: 'desc' }, take: 50 });
      return {
        ...w,
        consents: consents.map((c) => ({ kind: c.kind, source: c.source, actor: c.actor, note: c.rawMessage, at: c.createdAt })),
      };
    },

    async registerWorker(p: Principal, input: z.infer<typeof registerWorkerSchema>) {
      const phone = normalizePhone(input.phone);
      if (!phone) throw new ValidationError('phone.invalid', 'phone: not a mainland mobile number');
      const divisionCode = await divisionInScope(p, input.division);
      const skills = skillsOrThrow(input.skills);
      const onPhone = await db.worker.findMany({ where: { phone }, select: { id: true, divisionCode: true, phoneSlot: true }, orderBy: { phoneSlot: 'asc' } });
      const existing = onPhone[0];
      // A shared phone (addToPhone): this person is the next number on it, with a consent
      // record of their own; the phone's first person must be in the caller's divisions.
      const phoneSlot = input.addToPhone && existing && inDivisionScope(p, existing.divisionCode) ? Math.max(...onPhone.map((w) => w.phoneSlot)) + 1 : 1;
      if (phoneSlot > MAX_PEOPLE_PER_PHONE) throw new ConflictError('worker.phone_full', `phone ${phone} has ${MAX_PEOPLE_PER_PHONE} people already`, { params: { max: MAX_PEOPLE_PER_PHONE } });
      if (existing && phoneSlot === 1) {
        const yours = inDivisionScope(p, existing.divisionCode);
        throw yours
          ? new ConflictError('worker.phone_registered', `phone ${phone} is already registered as worker ${existing.id}; edit it with PATCH /api/v1/caseworker/workers/${existing.id}`, { params: { workerId: existing.id }, details: { workerId: existing.id } })
          : new ConflictError('worker.phone_registered_elsewhere', `phone ${phone} is already registered by another station`);
      }
      // The same phone registered by two requests at once: the second meets the unique index,
      // which classifyError answers as worker.phone_taken (409).
      return db.$transaction(async (tx) => {
        const w = await tx.worker.create({
          data: { phone, phoneSlot, name: input.name ?? null, divisionCode, skills, workForms: input.workForms, returnee: input.returnee, priorityHousehold: input.priorityHousehold ?? false, needsCalls: input.needsCalls ?? false },
          select: workerSelect,
        });
        await tx.consentEvent.create({ data: { workerId: w.id, kind: 'opt_in', source: 'caseworker', actor: p.actor, rawMessage: input.consentNote ?? null } });
        await audit.record(p, 'worker.register', 'worker', w.id, null, w, tx);
        return { ...w, lastAlertAt: null };
      });
    },

    async updateWorker(p: Principal, id: number, patch: z.infer<typeof updateWorkerSchema>) {
      const before = await workerFor(p, id);
      const data: Prisma.WorkerUncheckedUpdateInput = {};
      if (patch.phone !== undefined) {
        const phone = normalizePhone(patch.phone);
        if (!phone) throw new ValidationError('phone.invalid', 'phone: not a mainland mobile number');
        if (phone !== before.phone) {
          const taken = await db.worker.findFirst({ where: { phone }, select: { id: true } });
          if (taken) throw new ConflictError('worker.phone_belongs_to_other', `phone ${phone} already belongs to another worker`);
          Object.assign(data, { phone, phoneInvalid: false });
        }
      }
      if (patch.name !== undefined) data.name = patch.name;
      if (patch.division !== undefined) data.divisionCode = await divisionInScope(p, patch.division);
      if (patch.skills !== undefined) data.skills = skillsOrThrow(patch.skills);
      if (patch.workForms !== undefined) data.workForms = patch.workForms;
      if (patch.returnee !== undefined) data.returnee = patch.returnee;
      if (patch.priorityHousehold !== undefined) data.priorityHousehold = patch.priorityHousehold;
      if (patch.needsCalls !== undefined) data.needsCalls = patch.needsCalls;
      if (patch.smsOff !== undefined) data.smsOff = patch.smsOff;
      let consent: 'opt_in' | 'opt_out' | null = null;
      if (patch.status !== undefined && patch.status !== before.status) {
        if (before.status === 'opted_out' && !patch.consent) {
          throw new ConflictError('worker.opted_out_needs_consent', `worker ${id} opted out; set consent: true (the worker agreed again, to you) to re-subscribe them`);
        }
        data.status = patch.status;
        if (patch.status === 'active') data.pausedUntil = null;
        consent = patch.status === 'opted_out' ? 'opt_out' : before.status === 'opted_out' ? 'opt_in' : null;
      } else if (patch.consent && before.status === 'opted_out') {
        data.status = 'active';
        consent = 'opt_in';
      }
      return db.$transaction(async (tx) => {
        const after = await tx.worker.update({ where: { id }, data, select: workerSelect });
        if (consent) {
          await tx.consentEvent.create({ data: { workerId: id, kind: consent, source: 'caseworker', actor: p.actor, rawMessage: patch.consentNote ?? null } });
        }
        await audit.record(p, 'worker.update', 'worker', id, before, after, tx);
        return { ...after, lastAlertAt: before.lastAlertAt };
      });
    },

    /**
     * Imports a field survey (CSV, UTF-8 or GBK). Each row stands alone: a bad row is reported
     * and the rest still import; a phone seen before updates that worker instead of adding one.
     */
    async importSurvey(p: Principal, bytes: Uint8Array, filename = 'survey.csv') {
      const { text, encoding } = decodeSurvey(bytes);
      const parsed = await parseSurveyInSlices(text);
      if ('error' in parsed) throw new ValidationError(parsed.error.code, `file: ${parsed.error.message}`, { params: parsed.error.params });
      const rows: ImportRowReport[] = [];
      for (const row of parsed.rows) rows.push(await importRow(p, row, `survey ${filename}`));
      const count = (o: ImportOutcome) => rows.filter((r) => r.outcome === o).length;
      return { encoding, total: rows.length, created: count('created'), updated: count('updated'), skipped: count('skipped'), errors: count('error'), rows };
    },

    /** The station's own workers at a glance: how many, new since `since`, by status, and what happened to them since. */
    async workerSummary(p: Principal, since: Date) {
      const inScope = workerFilterSql(workerFilterSchema.parse({}), effectivePrefixes(p));
      const [r] = await db.$queryRaw<Record<string, bigint>[]>`
        SELECT count(*) AS total,
               count(*) FILTER (WHERE w.created_at >= ${since}) AS new,
               count(*) FILTER (WHERE w.status = 'active') AS active,
               count(*) FILTER (WHERE w.status = 'paused') AS paused,
               count(*) FILTER (WHERE w.status = 'opted_out') AS opted_out,
               count(*) FILTER (WHERE EXISTS (SELECT 1 FROM notifications n WHERE n.worker_id = w.id AND n.kind = 'alert' AND n.status IN ('sent', 'delivered') AND n.created_at >= ${since})) AS alerted,
               count(*) FILTER (WHERE EXISTS (SELECT 1 FROM applications a WHERE a.worker_id = w.id AND a.created_at >= ${since})) AS applied,
               count(*) FILTER (WHERE EXISTS (SELECT 1 FROM applications a WHERE a.worker_id = w.id AND a.status = 'hired' AND a.updated_at >= ${since})) AS hired
        FROM workers w WHERE ${inScope}`;
      const n = (k: string) => Number(r?.[k] ?? 0);
      return { total: n('total'), new: n('new'), active: n('active'), paused: n('paused'), optedOut: n('opted_out'), alerted: n('alerted'), applied: n('applied'), hired: n('hired') };
    },

    /** Workers in the user's area registered since `since`, by the Monday (Beijing) of their week, YYYY-MM-DD. */
    async registrationsByWeek(p: Principal, since: Date): Promise<Map<string, number>> {
      const inScope = workerFilterSql(workerFilterSchema.parse({}), effectivePrefixes(p));
      const rows = await db.$queryRaw<{ week: string; n: bigint }[]>`
        SELECT to_char(date_trunc('week', w.created_at + interval '8 hours'), 'YYYY-MM-DD') AS week, count(*) AS n
        FROM workers w WHERE ${inScope} AND w.created_at >= ${since} GROUP BY 1`;
      return new Map(rows.map((r) => [r.week, Number(r.n)]));
    },

    /**
     * Workers to phone: an alert or reminder to them failed, or they were alerted in the last
     * `days` and never answered (no text back, no application). A call logged since drops them.
     */
    /**
     * Workers to phone: an alert or reminder that failed, or an alert delivered at least
     * NO_REPLY_AFTER_HOURS ago with no text or application since; each with the job it was about.
     */
    /**
     * Workers to call back (failed alert, or no answer a day after one), oldest reason first;
     * `reason` and `divisions` (place prefixes, narrowed to the caller's scope) filter it, and
     * `offset` pages it: each row carries the total the filter found.
     */
    async callList(p: Principal, opts: { days: number; limit: number; offset?: number; reason?: CallReason; divisions?: readonly string[] }) {
      const outside = prefixesOutsideScope(p, opts.divisions ?? []);
      if (outside.length) throw new ForbiddenError('division.out_of_scope', `divisions: ${outside.join(', ')} outside your divisions (${p.divisionPrefixes.join(', ')})`);
      const scope = effectivePrefixes(p, opts.divisions ?? []);
      const reason = opts.reason ?? null;
      const inScope = workerFilterSql(workerFilterSchema.parse({}), scope);
      const since = new Date(Date.now() - opts.days * 86_400_000);
      const quietSince = new Date(Date.now() - NO_REPLY_AFTER_HOURS * 3_600_000);
      const rows = await db.$queryRaw<
        {
          id: number;
          name: string | null;
          phone: string | null;
          division_code: string | null;
          reason: string;
          since: Date;
          error_code: string | null;
          task_reason: string | null;
          last_call_at: Date | null;
          last_call_outcome: string | null;
          job_title: string | null;
          job_code: string | null;
          total: number;
          priority_household: boolean;
          waiting_since: Date;
        }[]
      >`
        WITH recent AS (
          SELECT n.worker_id,
                 max(n.updated_at) FILTER (WHERE n.status = 'failed') AS failed_at,
                 (array_agg(n.error_code ORDER BY n.updated_at DESC) FILTER (WHERE n.status = 'failed'))[1] AS error_code,
                 (array_agg(n.campaign_id ORDER BY n.updated_at DESC) FILTER (WHERE n.status = 'failed'))[1] AS failed_campaign,
                 min(n.created_at) FILTER (WHERE n.status IN ('sent', 'delivered') AND n.kind = 'alert') AS first_alert_at,
                 (array_agg(n.campaign_id ORDER BY n.created_at) FILTER (WHERE n.status IN ('sent', 'delivered') AND n.kind = 'alert'))[1] AS alert_campaign
          FROM notifications n
          WHERE n.kind IN ('alert', 'reminder') AND n.created_at >= ${since} AND n.worker_id IS NOT NULL
            -- An alert whose ladder is still climbing (docs/ladder.md) is not the station's yet:
            -- its call task comes when every channel has been tried.
            AND NOT EXISTS (SELECT 1 FROM ladder_steps l WHERE l.outcome IS NULL
                            AND l.alert_id = CASE WHEN n.campaign_id IS NULL AND n.dedupe_key LIKE 'ladder:%' THEN split_part(n.dedupe_key, ':', 2)::bigint ELSE n.id END)
          GROUP BY n.worker_id
        ), tasks AS (
          -- The ladder's last step: a call task with its reason in words (短信和电话都没联系上).
          SELECT DISTINCT ON (l.worker_id) l.worker_id, 'ladder' AS reason, l.created_at AS since, NULL::text AS error_code, l.campaign_id, l.reason AS task_reason
          FROM ladder_steps l WHERE l.channel = 'call_task' AND l.created_at >= ${since}
          ORDER BY l.worker_id, l.created_at DESC
        ), failures AS (
          SELECT r.worker_id,
                 CASE WHEN r.failed_at IS NOT NULL THEN 'alert_failed' ELSE 'no_reply' END AS reason,
                 coalesce(r.failed_at, r.first_alert_at) AS since,
                 r.error_code,
                 CASE WHEN r.failed_at IS NOT NULL THEN r.failed_campaign ELSE r.alert_campaign END AS campaign_id
          FROM recent r
          WHERE r.failed_at IS NOT NULL
             OR (r.first_alert_at IS NOT NULL
                 AND r.first_alert_at <= ${quietSince}
                 AND NOT EXISTS (SELECT 1 FROM inbound_messages i WHERE i.worker_id = r.worker_id AND i.received_at >= r.first_alert_at)
                 AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.worker_id = r.worker_id AND a.created_at >= r.first_alert_at))
        ), reasons AS (
          SELECT * FROM tasks
          UNION ALL
          SELECT f.*, NULL FROM failures f WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.worker_id = f.worker_id)
        )
        SELECT w.id, w.name, w.phone, w.division_code, x.reason, x.since, x.error_code, x.task_reason,
               lc.created_at AS last_call_at, lc.outcome::text AS last_call_outcome,
               o.title AS job_title, o.code AS job_code, (count(*) OVER ())::int AS total,
               w.priority_household, coalesce(lh.at, w.created_at) AS waiting_since
        FROM reasons x JOIN workers w ON w.id = x.worker_id
        LEFT JOIN campaigns c ON c.id = x.campaign_id
        LEFT JOIN openings o ON o.id = c.opening_id
        LEFT JOIN LATERAL (SELECT c.created_at, c.outcome FROM call_logs c WHERE c.worker_id = w.id ORDER BY c.created_at DESC LIMIT 1) lc ON TRUE
        LEFT JOIN LATERAL (SELECT max(coalesce(a.hired_at, a.updated_at)) AS at FROM applications a WHERE a.worker_id = w.id AND a.status = 'hired') lh ON TRUE
        WHERE ${inScope} AND w.status <> 'opted_out'
          AND (lc.created_at IS NULL OR lc.created_at < x.since)
          AND (${reason}::text IS NULL OR x.reason = ${reason}::text)
        -- Graded priority (零工市场 rules): marked households first, then who has waited longest
        -- for work (since the last hire, else registration), then failures before silences.
        ORDER BY w.priority_household DESC, coalesce(lh.at, w.created_at), x.reason, x.since, w.id
        LIMIT ${opts.limit} OFFSET ${opts.offset ?? 0}`;
      return rows.map((r) => ({
        workerId: r.id,
        name: r.name,
        phone: r.phone,
        divisionCode: r.division_code,
        reason: r.reason as CallReason,
        since: r.since,
        errorCode: r.error_code,
        /** A ladder call task's reason in words (短信和电话都没联系上); null for the other reasons. */
        taskReason: r.task_reason,
        job: r.job_code !== null ? { title: r.job_title ?? '', code: r.job_code } : null,
        lastCall: r.last_call_at ? { at: r.last_call_at, outcome: r.last_call_outcome } : null,
        total: r.total,
        priorityHousehold: r.priority_household,
        waitingSince: r.waiting_since,
      }));
    },

    /** Records a call's outcome; a refusal to get SMS opts the worker out, a wrong number marks the phone. */
    async recordCall(p: Principal, workerId: number, input: z.infer<typeof callOutcomeSchema>) {
      const before = await workerFor(p, workerId);
      return db.$transaction(async (tx) => {
        const call = await tx.callLog.create({ data: { workerId, outcome: input.outcome, note: input.note ?? null, actor: p.actor } });
        if (input.outcome === 'opted_out' && before.status !== 'opted_out') {
          await tx.worker.update({ where: { id: workerId }, data: { status: 'opted_out' } });
          await tx.consentEvent.create({ data: { workerId, kind: 'opt_out', source: 'caseworker', actor: p.actor, rawMessage: input.note ?? 'by phone' } });
        }
        if (input.outcome === 'wrong_number') await tx.worker.update({ where: { id: workerId }, data: { phoneInvalid: true } });
        await audit.record(p, 'worker.call', 'call_log', call.id, null, call, tx);
        return call;
      });
    },
  };
}

function toggleHomeWork<T extends string>(forms: readonly T[], wants: boolean): T[] {
  const rest = forms.filter((f) => f !== 'home_workshop');
  return wants ? [...rest, 'home_workshop' as T] : rest;
}

export type CaseworkerService = ReturnType<typeof createCaseworkerService>;
